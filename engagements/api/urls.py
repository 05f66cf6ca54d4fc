from rest_framework.routers import SimpleRouter

from .views import EngagementViewSet

router = SimpleRouter()
router.register("engagements", EngagementViewSet, basename="engagement")

urlpatterns = router.urls
