from rest_framework.routers import SimpleRouter

from .views import CreditRecordViewSet

router = SimpleRouter()
router.register("credit-records", CreditRecordViewSet, basename="credit-record")

urlpatterns = router.urls
