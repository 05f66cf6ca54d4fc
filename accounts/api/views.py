from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.response import Response

from core.api import VisibleModelViewSet

from ..models import Organisation
from .serializers import InstituteSerializer, MeSerializer


class ObtainTokenView(ObtainAuthToken):
    """POST username and password → {"token": "…"} for the Authorization: Token header."""

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user).data)


class InstituteViewSet(VisibleModelViewSet):
    """高校院所: everyone signed in sees verified institutes; the bureau creates and edits them.

    Filters: q (name), institute_kind (code or label), verified.
    """

    queryset = Organisation.objects.all()
    serializer_class = InstituteSerializer
    filter_backends = []
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        qs = Organisation.objects.visible_to(self.request.user).institutes().select_related("county", "industry")
        qs = qs.annotate(published_count=Count("achievements", filter=Q(achievements__status="published")))
        params = self.request.query_params
        if params.get("q"):
            qs = qs.filter(name__icontains=params["q"].strip())
        if params.get("institute_kind"):
            value = params["institute_kind"]
            code = next((c for c, label in Organisation.InstituteKind.choices if value in (c, label)), value)
            qs = qs.filter(institute_kind=code)
        if params.get("verified") in ("true", "1", "false", "0"):
            verified = Q(verification_status=Organisation.Verification.VERIFIED)
            qs = qs.filter(verified if params["verified"] in ("true", "1") else ~verified)
        return qs.order_by("name")

    def perform_create(self, serializer):
        if not self.request.user.is_bureau:
            raise PermissionDenied("只有市科技局可以新建高校院所；院所可通过注册页面自行注册。")
        serializer.save(
            kind=Organisation.Kind.INSTITUTE,
            verification_status=Organisation.Verification.VERIFIED,
            verified_at=timezone.now(),
            verified_by=self.request.user,
        )
