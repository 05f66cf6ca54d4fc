from rest_framework.routers import SimpleRouter

from .views import InstrumentViewSet, PlatformViewSet

router = SimpleRouter()
router.register("platforms", PlatformViewSet, basename="platform")
router.register("instruments", InstrumentViewSet, basename="instrument")

urlpatterns = router.urls
