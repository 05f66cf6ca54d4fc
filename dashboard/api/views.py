from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import figures


class CanViewDashboard(permissions.BasePermission):
    message = "只有市领导和市科技局可以查看数据看板。"

    def has_permission(self, request, view):
        return figures.may_view(request.user)


_INDICATOR_FIELDS = {
    "code": serializers.CharField(),
    "name": serializers.CharField(),
    "unit": serializers.CharField(),
    "value": serializers.FloatField(allow_null=True, help_text="无数据来源或尚未录入时为 null"),
    "target": serializers.FloatField(allow_null=True),
    "target_year": serializers.IntegerField(allow_null=True),
    "target_label": serializers.CharField(help_text="如“2025年”或“2020—2025年每年”"),
    "ratio": serializers.FloatField(allow_null=True, help_text="完成率：value ÷ target"),
    "state": serializers.ChoiceField(choices=["ok", "no_source", "city_only", "not_recorded"]),
    "measure": serializers.ChoiceField(choices=["cumulative", "annual", "stock"]),
    "note": serializers.CharField(),
    "link": serializers.CharField(allow_null=True, help_text="筛选好的明细列表（当前用户可打开时）"),
    "trend": serializers.ListField(child=serializers.DictField()),
}


class DashboardSummaryView(APIView):
    """The dashboard's figures: the same computation as the page and its xlsx export."""

    permission_classes = [permissions.IsAuthenticated, CanViewDashboard]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="年度（默认当年）"),
            OpenApiParameter("county", OpenApiTypes.STR, description="县区：编码、名称或 id"),
        ],
        responses=inline_serializer(
            "DashboardSummary",
            {
                "year": serializers.IntegerField(),
                "county": serializers.CharField(allow_null=True),
                "generated_at": serializers.DateTimeField(),
                "indicators": inline_serializer("DashboardIndicator", _INDICATOR_FIELDS, many=True),
                "county_columns": serializers.ListField(child=serializers.DictField()),
                "counties": serializers.ListField(child=serializers.DictField()),
                "charts": serializers.ListField(child=serializers.DictField()),
                "unavailable_columns": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request):
        filters = figures.parse_filters(request.query_params)
        if filters.errors:
            raise ValidationError({"detail": filters.errors})
        return Response(figures.summary(request.user, year=filters.year, county=filters.county))
