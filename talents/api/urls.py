from rest_framework.routers import SimpleRouter

from .views import TalentViewSet

router = SimpleRouter()
router.register("talents", TalentViewSet, basename="talent")

urlpatterns = router.urls
