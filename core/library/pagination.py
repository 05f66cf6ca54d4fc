"""Pagination of the two libraries with a capped count.

An exact COUNT(*) over 100,000 visible records costs as much as everything else on the page
and grows with the library. Both libraries count at most COUNT_CAP + 1 matching rows instead
(`SELECT COUNT(*) FROM (… LIMIT 10001)`, an index-only scan): below the cap the total is exact;
above it the list says "超过 10,000 条".

- Pages (`LibraryPaginator`): a person can page through the first 10,000 records (500 pages)
  and is told to narrow the list with a keyword or filter to see the rest.
  Any list page may use it (`paginator_class = LibraryPaginator`): core/_pagination.html
  shows the capped count too (the talent list and the subsidy claims do).
- API (`LibraryApiPagination`): `count` is exact up to 10,000; above, `count` is 10,000 and
  `count_capped` is true. `next` stays correct past the cap (the page reads one row more than
  it shows), so a client that follows `next` still receives every record.
"""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.pagination import StandardPagination

COUNT_CAP = 10_000


def capped_count(queryset, cap: int = COUNT_CAP) -> int:
    """Number of rows of `queryset`, counting at most cap + 1 of them (no ORDER BY: any rows will do;
    only the ids: a column the rows are annotated with for display is not computed to be counted)."""
    return queryset.order_by().values("pk")[: cap + 1].count()


class LibraryPaginator(Paginator):
    """Django paginator whose `count` stops at COUNT_CAP; `capped` tells the template.

    `count_from` (optional): the same rows without what is joined only for display (a
    `values_list(…, "enterprise__name")` keeps its join in the count otherwise)."""

    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *args, count_from=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_from = count_from

    @cached_property
    def count(self):
        return min(self.exact_or_capped, self.cap)

    @cached_property
    def exact_or_capped(self) -> int:
        return capped_count(self.object_list if self.count_from is None else self.count_from, self.cap)

    @property
    def capped(self) -> bool:
        return self.exact_or_capped > self.cap

    @property
    def cap_display(self) -> str:
        return f"{self.cap:,}"


class _ProbedPage(Page):
    """A page that knows whether another follows because it read one row more than it shows."""

    def __init__(self, object_list, number, paginator, more):
        super().__init__(object_list, number, paginator)
        self._more = more

    def has_next(self):
        return self._more

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


class LibraryApiPagination(StandardPagination):
    """?page=N&page_size=M with a capped `count` and a `next` link that is right past the cap."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        paginator = LibraryPaginator(queryset, page_size)
        raw = request.query_params.get(self.page_query_param) or 1
        try:
            if raw in self.last_page_strings:
                if paginator.capped:
                    raise NotFound("记录超过 10,000 条，无法直接跳到末页，请按“next”逐页读取或缩小查询范围。")
                number = paginator.num_pages
            else:
                number = int(raw)
            if number < 1:
                raise EmptyPage
        except (ValueError, PageNotAnInteger, EmptyPage) as exc:
            raise NotFound("页码无效。") from exc
        start = (number - 1) * page_size
        if not paginator.capped or start + page_size < paginator.cap:
            try:
                self.page = paginator.page(number)
            except EmptyPage as exc:
                raise NotFound("页码无效。") from exc
        else:
            rows = list(queryset[start : start + page_size + 1])
            if not rows:
                raise NotFound("页码无效。")
            self.page = _ProbedPage(rows[:page_size], number, paginator, more=len(rows) > page_size)
        self.display_page_controls = paginator.num_pages > 1 and self.template is not None
        return list(self.page)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_capped": paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"总数；超过 {COUNT_CAP:,} 条时为 {COUNT_CAP}（见 count_capped）"
        )
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"为 true 时实际记录超过 {COUNT_CAP:,} 条；按 next 链接仍可逐页读取全部记录",
        }
        return response
