from django.db import transaction
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.models import Organisation, User
from core.api import TransitionActionMixin, VisibleModelViewSet
from demands.models import Demand
from subsidies.models import TechContract
from talents.models import Talent

from .. import services
from ..filters import EngagementFilter
from ..models import Engagement, EngagementNote
from .serializers import EngagementNoteSerializer, EngagementSerializer

# The related rows a list row writes, read for a page by id: one query each, none when no row has one.
LIST_RELATIONS = {
    "talent": lambda: Talent.objects.only(
        "name", "employer", "native_county_id", "title", "degree", "research_field"
    ).prefetch_related("industries"),
    "institute": lambda: Organisation.objects.only("name"),
    "owner": lambda: User.objects.only("name", "username"),
    "contract": lambda: TechContract.objects.only("registration_number"),
}


def attach_list_relations(rows: list) -> list:
    for name, queryset in LIST_RELATIONS.items():
        field = Engagement._meta.get_field(name)
        ids = {getattr(row, field.attname) for row in rows} - {None}
        found = queryset().in_bulk(ids) if ids else {}
        for row in rows:
            field.set_cached_value(row, found.get(getattr(row, field.attname)))
    # The notes of the page in one query, newest first (the model's order), given to each row as
    # `notes.all()` answers for a prefetched relation.
    notes: dict = {}
    page_notes = EngagementNote.objects.filter(engagement_id__in=[row.pk for row in rows]).select_related("author")
    for note in page_notes.only("engagement_id", "body", "created_at", "author__name", "author__username"):
        notes.setdefault(note.engagement_id, []).append(note)
    cache_name = Engagement.notes.field.remote_field.cache_name
    for row in rows:
        row.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = notes.get(row.pk, [])
    return rows


class EngagementViewSet(TransitionActionMixin, VisibleModelViewSet):
    """对接: bureau and liaisons manage; the enterprise and institute that are parties read."""

    queryset = Engagement.objects.all()
    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return self.list_queryset()
        return (
            super()
            .get_queryset()
            .select_related("demand", "achievement__owner", "talent", "institute", "owner", "county", "contract")
            .prefetch_related("notes__author")
        )

    def list_queryset(self):
        """A page of rows with only what the list writes: the demand and the achievement (with its
        unit) joined; the county named from the reference table; talent, institute, owner, contract
        and notes read by id for the page (`paginate_queryset`). Every related row joined at once
        cost ~17 ms of PostgreSQL planning a page."""
        own = [f.name for f in Engagement._meta.concrete_fields]
        return (
            super()
            .get_queryset()
            .select_related("demand", "achievement__owner")
            .only(*own, "demand__title", "demand__owner_id", "achievement__title", "achievement__owner__name")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            attach_list_relations(page)
        return page

    def perform_create(self, serializer):
        data = serializer.validated_data
        demand = data["demand"]
        if not Demand.objects.visible_to(self.request.user).filter(pk=demand.pk).exists():
            raise ValidationError({"demand": "需求不存在。"})
        with transaction.atomic():
            serializer.instance = services.engagement_open(
                user=self.request.user,
                demand=demand,
                achievement=data.get("achievement"),
                talent=data.get("talent"),
                institute=data.get("institute"),
                summary=data.get("summary", ""),
                next_follow_up_on=data.get("next_follow_up_on"),
            )

    @action(detail=True, methods=["post"], url_path="notes")
    def notes(self, request, pk=None):
        engagement = self.get_object()
        note = services.note_add(
            user=request.user,
            engagement=engagement,
            body=request.data.get("body", ""),
            next_follow_up_on=EngagementSerializer()
            .fields["next_follow_up_on"]
            .to_internal_value(request.data["next_follow_up_on"])
            if request.data.get("next_follow_up_on")
            else None,
        )
        return Response(EngagementNoteSerializer(note).data, status=status.HTTP_201_CREATED)
