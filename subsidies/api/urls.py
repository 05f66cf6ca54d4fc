from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("contract-payments", views.PaymentViewSet, basename="contract-payment")
router.register("subsidy-claims", views.ClaimViewSet, basename="subsidy-claim")
router.register("subsidy-policies", views.PolicyViewSet, basename="subsidy-policy")

urlpatterns = router.urls
