from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import TransitionActionMixin, VisibleModelViewSet

from .. import services
from ..filters import EventFilter
from ..models import Event
from .serializers import EventSerializer


class EventViewSet(TransitionActionMixin, VisibleModelViewSet):
    """对接活动: the bureau and liaisons organise; enterprises and institutes see published events
    and sign up with `POST …/{id}/signup/` (DELETE the same path withdraws)."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("county")

    def perform_create(self, serializer):
        serializer.instance = services.event_save(user=self.request.user, values=dict(serializer.validated_data))

    def perform_update(self, serializer):
        serializer.instance = services.event_save(
            user=self.request.user, values=dict(serializer.validated_data), event=serializer.instance
        )

    def destroy(self, request, *args, **kwargs):
        return Response({"detail": "活动不能删除，请使用“取消活动”。"}, status=status.HTTP_405_METHOD_NOT_ALLOWED)

    @extend_schema(request=None, responses=EventSerializer)
    @action(
        detail=True, methods=["post", "delete"], url_path="signup", permission_classes=[permissions.IsAuthenticated]
    )
    def signup(self, request, pk=None):
        event = self.get_object()
        if request.method == "DELETE":
            services.signup_cancel(event=event, user=request.user)
        else:
            services.signup(event=event, user=request.user)
        return Response(self.get_serializer(Event.objects.get(pk=event.pk)).data)
