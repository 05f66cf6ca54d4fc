from rest_framework import permissions, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import TransitionActionMixin, VisibleModelViewSet

from .. import services
from ..filters import AssignedTaskFilter, LedgerItemFilter, SupervisionRecordFilter
from ..models import AssignedTask, LedgerItem, SupervisionRecord
from .serializers import AssignedTaskSerializer, LedgerItemSerializer, SupervisionRecordSerializer


class SupervisionReaders(permissions.BasePermission):
    """Bureau, liaisons and leaders; leaders only read. Other roles: 403."""

    message = "您的角色无权访问督导考核数据。"

    def has_permission(self, request, view):
        user = request.user
        if not user.is_authenticated:
            return False
        if user.is_bureau or user.is_liaison:
            return True
        return user.is_leader and request.method in permissions.SAFE_METHODS


class SupervisionViewSet(VisibleModelViewSet):
    permission_classes = VisibleModelViewSet.permission_classes + [SupervisionReaders]
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]


class LedgerItemViewSet(TransitionActionMixin, SupervisionViewSet):
    """台账: a liaison keeps their county's ledger; evidence is uploaded as multipart `evidence`."""

    queryset = LedgerItem.objects.all()
    serializer_class = LedgerItemSerializer
    filterset_class = LedgerItemFilter

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def _values(self, serializer):
        data = dict(serializer.validated_data)
        evidence = data.pop("evidence", None)
        return data, evidence

    def perform_create(self, serializer):
        values, evidence = self._values(serializer)
        serializer.instance = services.ledger_item_save(user=self.request.user, values=values, evidence=evidence)

    def perform_update(self, serializer):
        values, evidence = self._values(serializer)
        serializer.instance = services.ledger_item_save(
            user=self.request.user, values=values, item=serializer.instance, evidence=evidence
        )

    def perform_destroy(self, instance):
        services.ledger_item_delete(user=self.request.user, item=instance)


class AssignedTaskViewSet(TransitionActionMixin, SupervisionViewSet):
    """交办任务: the bureau assigns; the owner unit moves it through `transition/`."""

    queryset = AssignedTask.objects.all()
    serializer_class = AssignedTaskSerializer
    filterset_class = AssignedTaskFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.task_assign(
            user=self.request.user,
            unit=data["unit"],
            title=data["title"],
            detail=data.get("detail", ""),
            meeting_on=data["meeting_on"],
            due_on=data["due_on"],
        )


class SupervisionRecordViewSet(SupervisionViewSet):
    """Quarterly supervision: the bureau records score and outcome; POSTing the same unit and
    quarter again corrects the record (history kept)."""

    queryset = SupervisionRecord.objects.all()
    serializer_class = SupervisionRecordSerializer
    filterset_class = SupervisionRecordFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "recorded_by")

    def create(self, request, *args, **kwargs):
        if not request.user.is_bureau:
            raise PermissionDenied("只有市科技局可以记录督导结果。")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.record_save(user=request.user, **serializer.validated_data)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)
