from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from core.api import TransitionActionMixin, VisibleModelViewSet
from core.library.pagination import LibraryApiPagination

from ..filters import AchievementFilter
from ..models import Achievement
from .serializers import AchievementSerializer


class AchievementViewSet(TransitionActionMixin, VisibleModelViewSet):
    """科技成果. Scoped like the pages; state changes only through POST …/{id}/transition/.

    Filters: q (Chinese search), industry, county, maturity, min_maturity, mode, source, status, owner, mine.
    """

    queryset = Achievement.objects.all()
    serializer_class = AchievementSerializer
    filterset_class = AchievementFilter
    pagination_class = LibraryApiPagination

    def get_queryset(self):
        return super().get_queryset().select_related("industry", "county", "owner").prefetch_related("attachments")

    def perform_create(self, serializer):
        user = self.request.user
        if not (user.is_bureau or (user.has_role(Role.INSTITUTE) and user.organisation_id)):
            raise PermissionDenied("只有高校院所用户或市科技局可以发布科技成果。")
        serializer.save(created_by=user)

    def perform_destroy(self, instance):
        if instance.status != Achievement.Status.DRAFT:
            raise PermissionDenied("只能删除草稿；已发布的成果请使用“下架”。")
        instance.delete()
