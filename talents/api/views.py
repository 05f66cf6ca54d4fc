from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import TransitionActionMixin, VisibleModelViewSet
from core.excel import XLSX_CONTENT_TYPE
from core.importing import ImportFileError, run_import, template_response
from core.inputs import parse_id
from core.library.pagination import LibraryApiPagination
from core.parsers import JSONObjectParser
from core.reference import attach_reference_ids
from core.workflow import TransitionError, transition

from .. import services
from ..exports import export_talents
from ..filters import TalentFilter
from ..forms import TalentForm, TalentImport
from ..models import Talent, TalentStatus, sees_contacts
from .serializers import (
    LIST_COLUMNS,
    AnonymisedTalentSerializer,
    ImportRequestSerializer,
    TalentDuplicateSerializer,
    TalentListSerializer,
    TalentSerializer,
    talent_record,
)

TRUE_VALUES = {"1", "true", "True", "TRUE", "yes", "on"}


def _require_editor(user):
    if not sees_contacts(user):
        raise PermissionDenied("只有市科技局和县区联络员可以执行此操作。")


def form_data_from(talent: Talent) -> dict:
    """A record as TalentForm data (so PATCH can change only some fields)."""
    return {
        "name": talent.name,
        "gender": talent.gender,
        "birth": f"{talent.birth_year}-{talent.birth_month:02d}",
        "native_county": talent.native_county_id,
        "township": talent.township,
        "work_province": talent.work_province,
        "work_city": talent.work_city,
        "employer": talent.employer,
        "position": talent.position,
        "title": talent.title,
        "degree": talent.degree,
        "research_field": talent.research_field,
        "keywords": "、".join(talent.keywords or []),
        "industries": [i.pk for i in talent.industries.all()],
        "category": talent.category_id,
        "honours": talent.honours,
        "phone": talent.phone,
        "email": talent.email,
        "wechat": talent.wechat,
        "cooperation_intents": list(talent.cooperation_intents or []),
        "consent_on": talent.consent_on.isoformat() if talent.consent_on else "",
        "consent_method": talent.consent_method,
        "age_exception": talent.age_exception,
        "age_exception_reason": talent.age_exception_reason,
        "notes": talent.notes,
    }


def _request_data(request) -> dict:
    data = {}
    source = request.data
    for key in source:
        if hasattr(source, "getlist") and key in ("industries", "cooperation_intents"):
            values = source.getlist(key)
            data[key] = values if len(values) > 1 else values[0]
        else:
            data[key] = source[key]
    if "birth" not in data and "birth_year" in data and "birth_month" in data:
        data["birth"] = f"{data['birth_year']}-{int(data['birth_month']):02d}"
    if isinstance(data.get("keywords"), list):
        data["keywords"] = "、".join(str(k) for k in data["keywords"])
    if "age_exception" in data and isinstance(data["age_exception"], str):
        data["age_exception"] = data["age_exception"] in TRUE_VALUES
    return data


@extend_schema_view(
    list=extend_schema(responses=talent_record(many=True)), retrieve=extend_schema(responses=talent_record())
)
class TalentViewSet(TransitionActionMixin, VisibleModelViewSet):
    """焦作籍科技人才库. Bureau: all records; liaison: own county; enterprises/institutes:
    admitted records, anonymised; leaders: none (counts only, on the progress page).

    The list is compact: each row has the list's columns and `url`, the full record (the detail
    view); `?fields=full` returns full records in the list. Its `count` is capped at 10,000
    (`count_capped`, see core.library.pagination); `next` still reaches every record."""

    queryset = Talent.objects.all()
    serializer_class = TalentSerializer
    filterset_class = TalentFilter
    pagination_class = LibraryApiPagination
    parser_classes = [JSONObjectParser, MultiPartParser, FormParser]

    def _compact(self) -> bool:
        return self.action == "list" and self.request.query_params.get("fields") != "full"

    def get_queryset(self):
        queryset = super().get_queryset().order_by("-id")
        if self._compact() and sees_contacts(self.request.user) and not getattr(self, "swagger_fake_view", False):
            # Only the columns a list row shows, without joins: counties, categories and industries
            # are named from the per-process reference tables (core.reference; industries read in
            # paginate_queryset, one query for the page).
            return queryset.only(*LIST_COLUMNS)
        queryset = queryset.prefetch_related("industries")
        if getattr(self, "swagger_fake_view", False) or not sees_contacts(self.request.user):
            # Anonymised profiles: no creator, no long personal text.
            return queryset.select_related("category").defer("search_text", "notes", "honours", "wechat")
        return queryset.select_related("native_county", "category", "created_by")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self._compact() and sees_contacts(self.request.user):
            attach_reference_ids(page, "industries")
        return page

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return TalentSerializer
        if not sees_contacts(self.request.user):
            return AnonymisedTalentSerializer
        return TalentListSerializer if self._compact() else TalentSerializer

    def _save(self, request, instance=None, partial=False):
        _require_editor(request.user)
        data = form_data_from(instance) if (instance is not None and partial) else {}
        data.update(_request_data(request))
        form = TalentForm(data=data, instance=instance, user=request.user)
        if not form.is_valid():
            return Response({k: list(v) for k, v in form.errors.items()}, status=status.HTTP_400_BAD_REQUEST)
        submit = str(request.data.get("submit", "true")) in TRUE_VALUES
        talent = services.talent_save_from_form(form=form, user=request.user, submit=submit)
        talent = self.get_queryset().get(pk=talent.pk)
        code = status.HTTP_201_CREATED if instance is None else status.HTTP_200_OK
        return Response(TalentSerializer(talent, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        return self._save(request)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()  # 404 outside scope, 403 when not editable
        return self._save(request, instance, partial=kwargs.get("partial", False))

    def destroy(self, request, *args, **kwargs):
        """DELETE archives (records are never deleted)."""
        return self.archive(request, *args, **kwargs)

    @extend_schema(request=None, responses=TalentSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        talent = self.get_object()
        comment = str(request.data.get("comment") or request.data.get("reason") or "").strip() or "通过接口归档"
        try:
            transition(talent, TalentStatus.ARCHIVED, request.user, comment)
        except TransitionError as exc:
            code = status.HTTP_403_FORBIDDEN if exc.code == "forbidden" else status.HTTP_400_BAD_REQUEST
            return Response({"detail": exc.message, "code": exc.code}, status=code)
        talent.refresh_from_db()
        return Response(TalentSerializer(talent).data)

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Two-yearly refresh: confirm the record unchanged (restarts the clock)."""
        talent = self.get_object()
        services.talent_confirm_current(talent=talent, user=request.user)
        return Response(TalentSerializer(talent).data)

    @extend_schema(responses=TalentDuplicateSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def duplicates(self, request, pk=None):
        _require_editor(request.user)
        talent = self.get_object()
        return Response(
            [
                {"id": c.talent.pk, "reasons": c.reasons, **TalentSerializer(c.talent).data}
                for c in services.find_duplicates(talent)
                if request.user.is_bureau or c.talent.native_county_id == request.user.county_id
            ]
        )

    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Bureau: merge {"other": id, "choices": {field: "survivor"|"other"|"union"}} into this record."""
        survivor = self.get_object()
        other = self._other(request)
        try:
            survivor = services.talent_merge(
                survivor=survivor, other=other, choices=request.data.get("choices") or {}, user=request.user
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            return Response({"detail": "；".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(TalentSerializer(survivor).data)

    @action(detail=True, methods=["post"], url_path="confirm-distinct")
    def confirm_distinct(self, request, pk=None):
        talent = self.get_object()
        other = self._other(request)
        try:
            services.talent_confirm_distinct(talent=talent, other=other, user=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response({"detail": "已确认不是同一人。"})

    def _other(self, request):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(self.get_queryset(), pk=parse_id(request.data.get("other")))

    @extend_schema(request=None, responses={(200, XLSX_CONTENT_TYPE): bytes})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The filtered list (same filters as the list) as xlsx; logged as a personal-data export."""
        _require_editor(request.user)
        return export_talents(request, self.filter_queryset(self.get_queryset()))

    @extend_schema(request=None, responses={(200, XLSX_CONTENT_TYPE): bytes})
    @action(detail=False, methods=["get"])
    def template(self, request):
        """The Excel entry template (instructions sheet + data sheet with drop-down lists)."""
        _require_editor(request.user)
        return template_response(TalentImport(), request.user)

    @extend_schema(request={"multipart/form-data": ImportRequestSerializer})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        """Import an xlsx: 400 with every (row, column, message) and nothing written on any error."""
        _require_editor(request.user)
        dry_run = str(request.data.get("dry_run", "false")).strip() in TRUE_VALUES
        upload = request.FILES.get("file")
        if upload is None:
            return Response(_file_error(dry_run, "请选择要上传的 .xlsx 文件（字段名 file）。"), status=400)
        try:
            result = run_import(TalentImport(), upload, user=request.user, dry_run=dry_run)
        except ImportFileError as exc:
            return Response(_file_error(dry_run, str(exc)), status=status.HTTP_400_BAD_REQUEST)
        body = result.as_dict()
        return Response(body, status=status.HTTP_400_BAD_REQUEST if result.errors else status.HTTP_200_OK)


def _file_error(dry_run, message):
    return {
        "dry_run": dry_run,
        "total_rows": 0,
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "errors": [{"row": None, "column": "", "message": message}],
        "detail": message,
    }
