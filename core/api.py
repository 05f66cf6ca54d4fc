"""Shared API pieces: pagination, the scoped base viewset and the transition action."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .pagination import StandardPagination  # noqa: F401  (re-exported)
from .workflow import TransitionError, transition


class CanEditObject(permissions.BasePermission):
    """Reads follow visible_to(); writes need obj.can_edit(user), else 403."""

    message = "您可以查看此记录，但无权修改。"

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.can_edit(request.user)


class VisibleModelViewSet(viewsets.ModelViewSet):
    """Every query starts from Model.objects.visible_to(request.user): out of scope is 404."""

    permission_classes = [permissions.IsAuthenticated, CanEditObject]

    def get_queryset(self):
        return self.queryset.model.objects.visible_to(self.request.user)


class VisibleReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return self.queryset.model.objects.visible_to(self.request.user)


class TransitionSerializer(serializers.Serializer):
    to = serializers.CharField(help_text="目标状态值")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def transition_extra(data) -> dict:
    """The body's other keys as the workflow sees them from a page form: text (or None).

    Numbers become their text ("amount": 1200.5 → "1200.5", read as Decimal by the workflow);
    lists and objects are refused with a Chinese 400 instead of reaching code that expects text.
    """
    extra, errors = {}, {}
    for key, value in data.items():
        if key in ("to", "comment"):
            continue
        if isinstance(value, list | dict) or (hasattr(data, "getlist") and len(data.getlist(key)) > 1):
            errors[key] = ["须为单个文本或数字。"]
        elif value is None or isinstance(value, str):
            extra[key] = value
        elif isinstance(value, bool):
            extra[key] = "true" if value else "false"
        else:
            extra[key] = str(value)
    if errors:
        raise ValidationError(errors)
    return extra


class TransitionActionMixin:
    """POST …/{id}/transition/ {"to", "comment", …}: runs core.workflow.transition().

    Any other keys of the body (e.g. "amount") are passed to the workflow as `data`.
    Refusals answer 400 with {"detail": "…"} (403 when the role is not allowed).
    """

    transition_serializer_class = TransitionSerializer

    # Who may move an object is the workflow table's decision (roles, object roles such as
    # "owner" or "county reviewer", conditions), not CanEditObject's: reviewers usually may not
    # edit the record they review.
    @action(detail=True, methods=["post"], url_path="transition", permission_classes=[permissions.IsAuthenticated])
    def transition(self, request, pk=None):
        obj = self.get_object()  # visible_to() applies: out of scope is 404
        payload = self.transition_serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        extra = transition_extra(request.data)
        try:
            transition(obj, payload.validated_data["to"], request.user, payload.validated_data["comment"], extra)
        except TransitionError as exc:
            code = status.HTTP_403_FORBIDDEN if exc.code == "forbidden" else status.HTTP_400_BAD_REQUEST
            return Response({"detail": exc.message, "code": exc.code}, status=code)
        obj.refresh_from_db()
        return Response(self.get_serializer(obj).data)


def exception_handler(exc, context):
    """DRF's handler, plus Django ValidationError/PermissionDenied raised by services."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        from rest_framework.exceptions import PermissionDenied

        exc = PermissionDenied(str(exc) or "您没有执行此操作的权限。")
    elif isinstance(exc, TransitionError):
        exc = ValidationError({"detail": exc.message})
    return drf_exception_handler(exc, context)
