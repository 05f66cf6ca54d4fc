from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.roles import Role
from core.api import TransitionActionMixin, VisibleModelViewSet
from core.excel import ImportFileError
from core.importing import run_import, template_response
from core.reference import attach_reference_ids

from ..filters import InstrumentFilter, PlatformFilter
from ..importing import PlatformImport
from ..models import Platform, PlatformEvaluation, SharedInstrument
from .serializers import InstrumentSerializer, PlatformSerializer


class PlatformImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="按模板填写的 .xlsx 文件")
    dry_run = serializers.BooleanField(default=False, help_text="true 只校验不写入")


class MayCreatePlatform(permissions.BasePermission):
    message = "只有依托单位（企业、高校院所）和市科技局可以新建或导入平台。"

    def has_permission(self, request, view):
        if view.action not in ("create", "import_file", "import_template"):
            return True
        user = request.user
        return user.is_bureau or (user.has_role(Role.ENTERPRISE, Role.INSTITUTE) and user.organisation_id is not None)


def _instrument_count():
    """Each platform's instrument count in the page query (a subquery keeps the list's ordering)."""
    per_platform = (
        SharedInstrument.objects.filter(platform=OuterRef("pk")).order_by().values("platform").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(per_platform.values("n"), output_field=IntegerField()), 0)


def attach_list_relations(rows: list) -> list:
    """A page's industries (ids, named from the reference table), partners (ids, in name order, as
    the relation lists them) and evaluations: one query each for the page."""
    attach_reference_ids(rows, "industries")
    links = Platform.partners.through.objects.filter(platform_id__in=[p.pk for p in rows])
    partners: dict = {}
    for platform_id, organisation_id in links.order_by("organisation__name", "organisation_id").values_list(
        "platform_id", "organisation_id"
    ):
        partners.setdefault(platform_id, []).append(organisation_id)
    for p in rows:
        p.__dict__["partner_ids"] = partners.get(p.pk, [])
    # The page's evaluations in one query (newest year first, the model's order), handed to each
    # row as `evaluations.all()` answers for a prefetched relation.
    evaluations: dict = {}
    for evaluation in PlatformEvaluation.objects.filter(platform_id__in=[p.pk for p in rows]):
        evaluations.setdefault(evaluation.platform_id, []).append(evaluation)
    cache_name = Platform.evaluations.field.remote_field.cache_name
    for p in rows:
        p.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = evaluations.get(p.pk, [])
    return rows


class PlatformViewSet(TransitionActionMixin, VisibleModelViewSet):
    """创新平台: hosts propose and edit their own; the bureau recognises and revokes
    (POST …/{id}/transition/ {"to": "recognised", "comment", "document_number", "recognised_on"})."""

    queryset = Platform.objects.all()
    serializer_class = PlatformSerializer
    filterset_class = PlatformFilter
    permission_classes = [*VisibleModelViewSet.permission_classes, MayCreatePlatform]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            # Type and county are named from the reference tables; industries, partners and
            # evaluations are read for the page (paginate_queryset).
            own = [f.name for f in Platform._meta.concrete_fields]
            return (
                super()
                .get_queryset()
                .select_related("host")
                .only(*own, "host__name")
                .annotate(n_instruments=_instrument_count())
            )
        return (
            super()
            .get_queryset()
            .select_related("platform_type", "host", "county")
            .prefetch_related("industries", "partners", "evaluations")
            .annotate(n_instruments=_instrument_count())
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            attach_list_relations(page)
        return page

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    @extend_schema(request={"multipart/form-data": PlatformImportRequestSerializer})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        """Import an xlsx (the page's template): 400 with every (row, column, message) and
        nothing written on any error; `dry_run=true` only validates."""
        payload = PlatformImportRequestSerializer(data=request.data)
        if not payload.is_valid():
            message = "请选择要上传的 .xlsx 文件（字段名 file）。"
            return Response({"detail": message, "errors": [{"row": None, "column": "", "message": message}]}, 400)
        dry_run = payload.validated_data["dry_run"]
        try:
            result = run_import(PlatformImport(), payload.validated_data["file"], user=request.user, dry_run=dry_run)
        except ImportFileError as exc:
            error = {"row": None, "column": "", "message": str(exc)}
            return Response({"dry_run": dry_run, "detail": str(exc), "errors": [error]}, 400)
        body = result.as_dict()
        return Response(body, status=status.HTTP_400_BAD_REQUEST if result.errors else status.HTTP_200_OK)

    @action(detail=False, methods=["get"], url_path="template")
    def import_template(self, request):
        """The import template (.xlsx) with today's types, counties and industries as drop-downs."""
        return template_response(PlatformImport(), request.user)

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
