from django.db import transaction
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import TransitionActionMixin, VisibleModelViewSet
from demands.models import Demand

from .. import services
from ..filters import EngagementFilter
from ..models import Engagement
from .serializers import EngagementNoteSerializer, EngagementSerializer


class EngagementViewSet(TransitionActionMixin, VisibleModelViewSet):
    """对接: bureau and liaisons manage; the enterprise and institute that are parties read."""

    queryset = Engagement.objects.all()
    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("demand", "achievement__owner", "talent", "institute", "owner", "county", "contract")
            .prefetch_related("notes__author")
        )

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
