from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.roles import Role
from core.api import TransitionActionMixin, VisibleModelViewSet, VisibleReadOnlyViewSet
from core.library.pagination import LibraryApiPagination
from core.parsers import JSONObjectParser

from ..filters import ClaimFilter, ContractFilter, PaymentFilter
from ..models import Claim, ContractPayment, PolicyVersion, TechContract, default_claim_year
from ..services import attachment_add, payment_create
from ..services import simulate as simulate_subsidy
from ..workflow import load_page_facts
from .serializers import (
    ClaimAttachmentSerializer,
    ClaimAttachmentUploadSerializer,
    ClaimListSerializer,
    ClaimSerializer,
    ContractPaymentCreateSerializer,
    ContractPaymentSerializer,
    ContractSerializer,
    SubsidyPolicySerializer,
    SubsidySimulateSerializer,
    SubsidySimulationSerializer,
    rate_text,
)

# Transitions are checked by the workflow table (roles, conditions), not by can_edit().
WORKFLOW_ACTIONS = ("transition", "simulate")


class ContractViewSet(TransitionActionMixin, VisibleModelViewSet):
    """技术合同. Enterprises see theirs, liaisons their county's, bureau and leaders all.
    POST …/{id}/transition/ {"to": "confirmed" | "disputed" | "verified", "comment"}: the buyer
    confirms or denies a contract someone else recorded, the bureau verifies it."""

    queryset = TechContract.objects.all()
    serializer_class = ContractSerializer
    filterset_class = ContractFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action == "transition":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        return super().get_queryset().select_related("buyer").prefetch_related("payments")

    def create(self, request, *args, **kwargs):
        if request.user.has_role(Role.LEADER) and not request.user.is_bureau:
            raise PermissionDenied("领导账号为只读。")
        return super().create(request, *args, **kwargs)


class PaymentViewSet(TransitionActionMixin, VisibleReadOnlyViewSet):
    """合同支付记录: multipart create with voucher and invoice files; bureau verifies by transition."""

    queryset = ContractPayment.objects.all()
    serializer_class = ContractPaymentSerializer
    filterset_class = PaymentFilter
    parser_classes = [JSONObjectParser, MultiPartParser, FormParser]

    @extend_schema(request=ContractPaymentCreateSerializer, responses=ContractPaymentSerializer)
    def create(self, request):
        payload = ContractPaymentCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        payment = payment_create(user=request.user, **payload.validated_data)
        return Response(ContractPaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class ClaimViewSet(TransitionActionMixin, VisibleModelViewSet):
    """成果转化补助申报 with POST …/{id}/transition/ {"to", "comment", "amount", …} and the simulator.

    The list is compact: each row has the claim's own fields and `url`, the full record;
    `?fields=full` returns full records (with attachments, counted payments and the transitions
    open to the user) in the list, as the detail view does."""

    queryset = Claim.objects.all()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    pagination_class = LibraryApiPagination  # `count` capped at 10,000 (see core.library.pagination)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    parser_classes = [JSONObjectParser, MultiPartParser, FormParser]

    def get_permissions(self):
        if self.action in WORKFLOW_ACTIONS:
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def _compact(self) -> bool:
        """The list is compact (ClaimListSerializer) unless `?fields=full` asks for full records."""
        request = getattr(self, "request", None)
        return self.action == "list" and (request is None or request.query_params.get("fields") != "full")

    def get_serializer_class(self):
        return ClaimListSerializer if self._compact() else ClaimSerializer

    def get_queryset(self):
        if self._compact():  # counties from their table
            return super().get_queryset().select_related("enterprise", "policy")
        if self.action == "list":  # payment ids come with the page's workflow facts
            return (
                super()
                .get_queryset()
                .select_related("enterprise", "policy", "contract")
                .prefetch_related("attachments")
            )
        qs = super().get_queryset().select_related("enterprise", "enterprise__county", "policy", "contract")
        return qs.prefetch_related("attachments", "payment_links")

    def paginate_queryset(self, queryset):
        """Full rows come with what their transition checks read, loaded for all rows at once
        (a fixed number of queries whatever the page size)."""
        page = super().paginate_queryset(queryset)
        return load_page_facts(page) if page is not None and not self._compact() else page

    def perform_destroy(self, instance):
        if instance.status != Claim.Status.DRAFT:
            raise PermissionDenied("只能删除尚未提交的草稿。")
        for attachment in instance.attachments.all():
            attachment.file.delete(save=False)
        instance.delete()

    @extend_schema(request=ClaimAttachmentUploadSerializer, responses=ClaimAttachmentSerializer)
    @action(detail=True, methods=["post"], url_path="attachments")
    def attachments(self, request, pk=None):
        claim = self.get_object()
        payload = ClaimAttachmentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        attachment = attachment_add(
            claim=claim, user=request.user, kind=payload.validated_data["kind"], upload=payload.validated_data["file"]
        )
        return Response(ClaimAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SubsidySimulateSerializer, responses=SubsidySimulationSerializer)
    @action(detail=False, methods=["post"], url_path="simulate")
    def simulate(self, request):
        """What the policy in force would grant for a basis amount (strings for money)."""
        payload = SubsidySimulateSerializer(data=request.data)
        if not payload.is_valid():
            message = next(iter(payload.errors.values()))[0]
            return Response({"detail": str(message), **payload.errors}, status=status.HTTP_400_BAD_REQUEST)
        try:
            policy, result = simulate_subsidy(
                user=request.user,
                basis_amount=payload.validated_data["basis_amount"],
                exceptional=payload.validated_data["exceptional"],
                contract_id=payload.validated_data.get("contract"),
            )
        except DjangoValidationError as exc:
            errors = exc.message_dict
            message = next(iter(errors.values()))[0]
            return Response({"detail": message, **errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "amount": str(result.amount),
                "rate": rate_text(result.rate),
                "cap": str(result.cap),
                "policy": policy.document_number,
                "policy_name": policy.name,
                "basis": str(result.basis),
                "capped": result.capped,
                "exceptional": result.exceptional,
                "explanation": result.explanation,
                "project_claimed": str(result.project_claimed),
                "project_remaining": str(result.project_remaining),
            }
        )


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """补助政策版本 (public policy parameters); `current/` is the version in force today."""

    queryset = PolicyVersion.objects.all()
    serializer_class = SubsidyPolicySerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = []

    @action(detail=False, methods=["get"], url_path="current")
    def current(self, request):
        """The policy this year's claims are computed with (they claim last year's payments)."""
        policy = PolicyVersion.for_claim_year(default_claim_year())
        if policy is None:
            return Response(
                {"detail": "本年度申报（上一年度的支付）没有适用的补助政策。"}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(self.get_serializer(policy).data)
