from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from core.api import TransitionActionMixin, VisibleModelViewSet
from core.library.pagination import LibraryApiPagination

from ..filters import DemandFilter
from ..models import Demand
from .serializers import DemandSerializer


class DemandViewSet(TransitionActionMixin, VisibleModelViewSet):
    """企业需求. Scoped like the pages; state changes only through POST …/{id}/transition/.

    Filters: q (Chinese search, no spaces needed), industry, county, kind, mode, status, expired, mine.
    """

    queryset = Demand.objects.all()
    serializer_class = DemandSerializer
    filterset_class = DemandFilter
    pagination_class = LibraryApiPagination

    def get_queryset(self):
        return super().get_queryset().select_related("industry", "county", "owner")

    def perform_create(self, serializer):
        user = self.request.user
        if not (user.is_bureau or (user.has_role(Role.ENTERPRISE) and user.organisation_id)):
            raise PermissionDenied("只有企业用户或市科技局可以发布需求。")
        serializer.save(created_by=user)

    def perform_destroy(self, instance):
        if instance.status != Demand.Status.DRAFT:
            raise PermissionDenied("只能删除草稿；已提交的需求请使用“关闭”。")
        instance.delete()
