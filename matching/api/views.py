from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from achievements.models import Achievement
from demands.models import Demand

from .. import access
from ..models import DocKind

MATCH_LIST = inline_serializer(
    "Match",
    {
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "score": serializers.FloatField(),
        "reasons": serializers.ListField(child=serializers.CharField()),
    },
    many=True,
)


@extend_schema(
    parameters=[
        OpenApiParameter("kind", str, enum=["achievement", "talent"], description="推荐类型，默认 achievement")
    ],
    responses=MATCH_LIST,
    summary="需求的匹配推荐（成果或人才），按匹配度从高到低",
)
@api_view(["GET"])
def demand_matches(request, pk):
    demand = get_object_or_404(Demand.objects.visible_to(request.user).select_related("industry", "county"), pk=pk)
    kind = request.query_params.get("kind") or DocKind.ACHIEVEMENT
    if kind not in (DocKind.ACHIEVEMENT, DocKind.TALENT):
        raise ValidationError({"kind": "kind 只能是 achievement 或 talent。"})
    return Response(access.demand_matches(request.user, demand, kind))


@extend_schema(responses=MATCH_LIST, summary="成果的匹配需求，按匹配度从高到低")
@api_view(["GET"])
def achievement_matches(request, pk):
    achievement = get_object_or_404(Achievement.objects.visible_to(request.user), pk=pk)
    return Response(access.achievement_matches(request.user, achievement))
