from rest_framework.routers import SimpleRouter

from .views import AssignedTaskViewSet, LedgerItemViewSet, SupervisionRecordViewSet

router = SimpleRouter()
router.register("ledger-items", LedgerItemViewSet, basename="ledger-item")
router.register("assigned-tasks", AssignedTaskViewSet, basename="assigned-task")
router.register("supervision-records", SupervisionRecordViewSet, basename="supervision-record")

urlpatterns = router.urls
