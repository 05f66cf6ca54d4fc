"""The leader dashboard: page, printable view, xlsx export and the bureau's yearly figures."""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from accounts.models import County
from accounts.roles import Role
from core.excel import XLSX_CONTENT_TYPE, sheets_bytes
from core.mixins import RoleRequiredMixin
from core.models import ExportLog

from . import figures
from .forms import RecordedFigureForm
from .models import RecordedFigure

SORT_DIRECTIONS = ("asc", "desc")


class DashboardAccessMixin(RoleRequiredMixin):
    """Leaders and the bureau (which always passes); everybody else 403."""

    required_roles = (Role.LEADER,)

    def dashboard_context(self, request) -> dict:
        filters = figures.parse_filters(request.GET)
        data = figures.summary(request.user, year=filters.year, county=filters.county)
        sort, direction = _sort_params(request, data)
        counties = _sorted_counties(data["counties"], sort, direction)
        return {
            "data": data,
            "filters": filters,
            "year_choices": figures.year_choices(),
            "county_choices": County.objects.active(),
            "counties": counties,
            "sort": sort,
            "direction": direction,
            "sort_links": _sort_links(request, data, sort, direction),
            "querystring": _filter_querystring(filters),
            "generated_at": figures.generated_at_display(data),
            # The rendered tables and cards are cached with the figures they show.
            "fragment_key": ":".join(
                str(part)
                for part in (
                    figures.scope_key(request.user),
                    data["year"],
                    filters.county.pk if filters.county else "all",
                    data["generated_at"],
                    sort,
                    direction,
                )
            ),
            "cache_minutes": figures.CACHE_SECONDS // 60,
        }


def _filter_querystring(filters) -> str:
    params = {"year": filters.year}
    if filters.county is not None:
        params["county"] = filters.county.code
    return urlencode(params)


def _sort_params(request, data) -> tuple[str, str]:
    keys = {"county"} | {c["key"] for c in data["county_columns"]}
    sort = request.GET.get("sort") if request.GET.get("sort") in keys else "talents"
    direction = request.GET.get("dir") if request.GET.get("dir") in SORT_DIRECTIONS else "desc"
    return sort, direction


def _sorted_counties(rows, sort, direction) -> list[dict]:
    """Ranked by the chosen column (ties by county order); 未注明县区 stays last, unranked."""
    listed = [r for r in rows if r["county_code"]]
    rest = [r for r in rows if not r["county_code"]]
    if sort == "county":  # the counties' own order (行政区划), not the characters' code points
        ranked = listed[::-1] if direction == "desc" else listed
    else:
        present = [r for r in listed if r[sort] is not None]
        missing = [r for r in listed if r[sort] is None]  # no figure: last either way
        ranked = sorted(present, key=lambda r: r[sort], reverse=direction == "desc") + missing
    return [{**r, "rank": i} for i, r in enumerate(ranked, 1)] + [{**r, "rank": None} for r in rest]


def _sort_links(request, data, sort, direction) -> dict:
    """Column headers are links (sorting works without JavaScript): a second click reverses."""
    params = request.GET.copy()
    links = {}
    for key in ["county", *(c["key"] for c in data["county_columns"])]:
        if key == sort:
            new_direction = "asc" if direction == "desc" else "desc"
        else:
            new_direction = "asc" if key == "county" else "desc"
        params["sort"], params["dir"] = key, new_direction
        links[key] = "?" + params.urlencode() + "#ranking"
    return links


class DashboardView(DashboardAccessMixin, View):
    template_name = "dashboard/index.html"

    def get(self, request):
        return render(request, self.template_name, self.dashboard_context(request))


class DashboardPrintView(DashboardView):
    """The joint-meeting handout: the same figures, laid out for A4 landscape."""

    template_name = "dashboard/print.html"


class DashboardExportView(DashboardAccessMixin, View):
    def get(self, request):
        context = self.dashboard_context(request)
        data = context["data"]
        content = sheets_bytes(export_sheets(data, context["counties"]))
        ExportLog.objects.create(
            user=request.user, what="数据看板", query=request.GET.urlencode(), row_count=len(data["counties"])
        )
        scope = f"{data['year']}年" + (data["county"] or "全市")
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'数据看板_{scope}.xlsx')}"
        return response


def export_sheets(data: dict, counties: list[dict]) -> list[tuple[str, list[str], list[list]]]:
    """The dashboard's tables as worksheets: indicators, county ranking, then each chart's table."""
    state_labels = {
        "ok": "",
        "no_source": "尚无数据来源",
        "city_only": "仅有全市数据",
        "not_recorded": "尚未录入",
    }
    indicators = [
        [
            i["name"],
            i["value"],
            i["target"],
            i["target_label"],
            float(i["ratio"]) if i["ratio"] is not None else None,
            i["unit"],
            state_labels.get(i["state"], i["state"]) or i["note"],
        ]
        for i in data["indicators"]
    ]
    columns = data["county_columns"]
    ranking = [[r["rank"], r["county"], *(r[c["key"]] for c in columns)] for r in counties]
    sheets = [
        ("指标完成情况", ["指标", "当前值", "目标值", "目标期限", "完成率", "单位", "说明"], indicators),
        ("县区排名", ["名次", "县区", *(c["label"] for c in columns)], ranking),
    ]
    for chart in data["charts"]:
        if chart["state"] == "no_source":
            continue
        rows = [[r["label"], *r["values"]] for r in chart["rows"]]
        sheets.append((chart["title"], ["项目", *chart["columns"]], rows))
    sheets.append(
        (
            "说明",
            ["项目", "内容"],
            [["年度", data["year"]], ["县区", data["county"] or "全市"], ["数据时间", data["generated_at"]]],
        )
    )
    return sheets


class RecordedFiguresView(RoleRequiredMixin, View):
    """Key technologies broken through and high-tech enterprises: entered by the bureau yearly."""

    required_roles = (Role.BUREAU,)
    template_name = "dashboard/recorded.html"

    def get(self, request):
        return self.render(request, RecordedFigureForm())

    def post(self, request):
        form = RecordedFigureForm(request.POST)
        if form.is_valid():
            figure = form.save(user=request.user)
            messages.success(request, f"已保存：{figure}。")
            return redirect("dashboard:recorded")
        return self.render(request, form, status=400)

    def render(self, request, form, status=200):
        history = RecordedFigure.history.select_related("history_user", "recorded_by").order_by(
            "-history_date", "-history_id"
        )[:50]
        context = {
            "form": form,
            "figures": RecordedFigure.objects.select_related("recorded_by"),
            "history": history,
        }
        return render(request, self.template_name, context, status=status)
