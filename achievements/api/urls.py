from rest_framework.routers import SimpleRouter

from .views import AchievementViewSet

router = SimpleRouter()
router.register("achievements", AchievementViewSet, basename="achievement")

urlpatterns = router.urls
