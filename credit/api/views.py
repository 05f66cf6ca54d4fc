from rest_framework import permissions

from core.api import VisibleModelViewSet

from .. import services
from ..filters import CreditRecordFilter
from ..models import CreditRecord
from .serializers import CreditRecordSerializer


class BureauWrites(permissions.BasePermission):
    message = "诚信档案由市科技局维护。"

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_bureau


class CreditRecordViewSet(VisibleModelViewSet):
    """诚信档案: the bureau keeps them; leaders read all; a unit reads its own records."""

    queryset = CreditRecord.objects.all()
    serializer_class = CreditRecordSerializer
    filterset_class = CreditRecordFilter
    permission_classes = [*VisibleModelViewSet.permission_classes, BureauWrites]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    def perform_create(self, serializer):
        serializer.instance = services.record_save(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.record_save(
            user=self.request.user, record=serializer.instance, **serializer.validated_data
        )
