"""Base view mixins: every page query starts from Model.objects.visible_to(user).

Out of scope is 404 (the object does not exist for you); visible but not yours to change
is 403.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .library.pagination import LibraryPaginator


class RoleRequiredMixin(LoginRequiredMixin):
    """Restrict a view to users holding one of `required_roles` (bureau always passes)."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_roles and not (request.user.is_bureau or request.user.has_role(*self.required_roles)):
            raise PermissionDenied("您的角色无权访问此页面。")
        return super().dispatch(request, *args, **kwargs)


class VisibleQuerysetMixin(RoleRequiredMixin):
    """get_queryset() = model.objects.visible_to(user); get_object() outside it is 404."""

    model = None

    def get_base_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_queryset(self):
        return self.get_base_queryset()


class EditPermissionMixin(VisibleQuerysetMixin):
    """For update/delete views: visible but not editable is 403 (uses obj.can_edit(user))."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not obj.can_edit(self.request.user):
            raise PermissionDenied("您可以查看此记录，但无权修改。")
        return obj


class FilteredListMixin(VisibleQuerysetMixin):
    """A list page driven by a django-filter FilterSet (the same one the API and export use)."""

    filterset_class = None
    paginate_by = 20
    # Every list counts at most 10,000 rows (core.library.pagination): an exact COUNT(*) over a
    # table that grows (payments, ledgers, events, credit records …) costs more than the page.
    paginator_class = LibraryPaginator

    def get_filterset(self):
        return self.filterset_class(self.request.GET or None, queryset=self.get_queryset(), request=self.request)

    def get(self, request, *args, **kwargs):
        from django.shortcuts import render

        filterset = self.get_filterset()
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        paginator = self.paginator_class(queryset, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = self.prepare_rows(list(page.object_list))
        context = {
            "filter": filterset,
            "page_obj": page,
            "object_list": page.object_list,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "querystring": _querystring_without_page(request),
        }
        context.update(self.get_extra_context())
        return render(request, self.template_name, context)

    def get_extra_context(self):
        return {}

    def prepare_rows(self, rows: list) -> list:
        """The page's rows, read once; a list may attach ready-made cell values here so that its
        template renders a row with few tags (a tag per row costs more than a Python line)."""
        return rows


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
