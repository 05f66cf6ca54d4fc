from django.urls import path
from rest_framework import generics, serializers

from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]


class NotificationList(generics.ListAPIView):
    """The current user's notifications, newest first (unread only with ?unread=1)."""

    serializer_class = NotificationSerializer
    filter_backends = []

    def get_queryset(self):
        qs = Notification.objects.filter(recipient=self.request.user)
        if self.request.query_params.get("unread"):
            qs = qs.filter(read_at__isnull=True)
        return qs


urlpatterns = [path("notifications/", NotificationList.as_view(), name="api-notifications")]
