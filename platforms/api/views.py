from rest_framework import permissions, viewsets

from core.api import TransitionActionMixin, VisibleModelViewSet

from ..filters import InstrumentFilter, PlatformFilter
from ..models import Platform, SharedInstrument
from .serializers import InstrumentSerializer, PlatformSerializer


class MayCreatePlatform(permissions.BasePermission):
    message = "只有依托单位（企业、高校院所）和市科技局可以新建平台。"

    def has_permission(self, request, view):
        if view.action != "create":
            return True
        user = request.user
        return user.is_bureau or (user.has_role("enterprise", "institute") and user.organisation_id is not None)


class PlatformViewSet(TransitionActionMixin, VisibleModelViewSet):
    """创新平台: hosts propose and edit their own; the bureau recognises and revokes
    (POST …/{id}/transition/ {"to": "recognised", "comment", "document_number", "recognised_on"})."""

    queryset = Platform.objects.all()
    serializer_class = PlatformSerializer
    filterset_class = PlatformFilter
    permission_classes = [*VisibleModelViewSet.permission_classes, MayCreatePlatform]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("platform_type", "host", "county")
            .prefetch_related("industries", "partners", "evaluations")
        )

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    def perform_update(self, serializer):
        data = serializer.validated_data
        note = serializer.instance.m2m_change_note(partners=data.get("partners"), industries=data.get("industries"))
        serializer.instance._change_reason = f"修改创新平台（{note}）" if note else "修改创新平台"
        serializer.save()


class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    """共享仪器: a public list (no sign-in needed); hosts and the bureau edit them on the pages."""

    queryset = SharedInstrument.objects.all()
    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return SharedInstrument.objects.visible_to(self.request.user).select_related(
            "platform__host", "platform__county", "platform__platform_type"
        )
