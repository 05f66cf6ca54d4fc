from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from accounts.models import County, Industry, Organisation
from accounts.roles import Role
from core.html import choice_labels, html_row
from core.library import views as library

from .filters import DemandFilter
from .forms import DemandForm, DemandImport
from .models import Demand

# One row of the demand lists (DemandListView.row_html); html_row escapes every value.
ROW = (
    '<tr>{check}<td><a href="{url}">{title}</a>{keywords}'
    '<div class="small text-muted d-md-none text-truncate cell-sub">{owner}{county_sub}</div></td>'
    '<td class="p-lg">{kind}</td><td class="p-lg">{industry}</td><td class="p-md">{owner}</td>'
    '<td class="p-md text-nowrap">{county}</td><td class="text-nowrap p-lg">{budget}</td>'
    '<td class="text-nowrap p-md">{valid_until}{expired}</td>'
    '<td class="text-nowrap"><span class="badge text-bg-{badge}">{status}</span></td></tr>'
)
KEYWORDS = '<div class="small text-muted p-md">{}</div>'
EXPIRED = mark_safe(' <span class="badge text-bg-secondary">已过期</span>')
STATUS_BADGES = {"published": "success", "pending_review": "warning", "returned": "danger", "in_progress": "info"}


class DemandListView(library.LibraryListView):
    """The demand library: the public list plus, for a unit, its own demands."""

    model = Demand
    filterset_class = DemandFilter
    template_name = "demands/demand_list.html"
    namespace = "demands"
    list_title = "企业需求库"

    def can_create(self, user):
        return user.is_bureau or (user.has_role(Role.ENTERPRISE) and user.organisation_id is not None)

    def row_html(self, d, names):
        county = names.name(County, d.county_id)
        expired = d.is_expired
        label = d.status_label
        return html_row(
            ROW,
            check=names.check_cell(d),
            url=names.url(d),
            title=d.title,
            keywords=format_html(KEYWORDS, "、".join(d.keywords)) if d.keywords else "",
            owner=d.owner,
            county_sub=f" · {county}" if county else "",
            kind=choice_labels(Demand, "kind").get(d.kind, d.kind),
            industry=names.name(Industry, d.industry_id),
            county=county or "—",
            budget=d.budget_display,
            valid_until=d.valid_until.isoformat() if d.valid_until else "",
            expired=EXPIRED if expired else "",
            badge="secondary" if label == "已过期" else STATUS_BADGES.get(d.status, "secondary"),
            status=label,
        )


class MyDemandListView(DemandListView):
    list_title = "我的需求"
    page_kind = "mine"
    required_roles = (Role.ENTERPRISE,)

    def get_queryset(self):
        return super().get_queryset().owned_by(self.request.user)


class ReviewQueueView(DemandListView):
    list_title = "需求审核"
    page_kind = "review"
    required_roles = (Role.BUREAU,)

    def get_queryset(self):
        return super().get_queryset().review_queue()


class DemandDetailView(library.LibraryDetailView):
    model = Demand
    template_name = "demands/demand_detail.html"
    related_template_name = "matching/_demand_matches.html"

    def get_queryset(self):
        return super().get_queryset().select_related("industry", "county", "owner", "created_by")


class DemandFormView(library.LibraryFormView):
    model = Demand
    form_class = DemandForm
    template_name = "demands/demand_form.html"
    namespace = "demands"
    create_roles = (Role.ENTERPRISE,)

    def check_create(self):
        super().check_create()
        org = self.request.user.organisation
        if not self.request.user.is_bureau and org.kind != Organisation.Kind.ENTERPRISE:
            raise PermissionDenied("只有企业可以发布需求。")


class DemandTransitionView(library.TransitionView):
    model = Demand


class DemandBatchView(library.BatchTransitionView):
    model = Demand
    namespace = "demands"


class DemandExportView(library.ExportView):
    model = Demand
    filterset_class = DemandFilter
    what = "企业需求"
    filename = "企业需求.xlsx"
    headers = [
        "编号",
        "需求名称",
        "需求类型",
        "所属产业",
        "技术领域",
        "需求单位",
        "所在县区",
        "关键词",
        "合作方式",
        "预算",
        "有效期至",
        "状态",
        "发布时间",
        "联系人",
        "联系电话",
        "需求描述",
    ]

    def row(self, d, contact_visible):
        contact = d.contact_for(contact_visible)
        return [
            d.pk,
            d.title,
            d.get_kind_display(),
            d.industry.name,
            d.technical_field,
            d.owner.name,
            d.county.name if d.county else "",
            "、".join(d.keywords or []),
            "、".join(d.mode_labels()),
            d.budget_display,
            d.valid_until,
            d.get_status_display() + ("（已过期）" if d.is_expired else ""),
            d.published_at,
            contact["name"],
            contact["phone"],
            d.description,
        ]


class DemandImportView(library.ImportView):
    required_roles = (Role.ENTERPRISE,)
    namespace = "demands"
    title = "批量导入企业需求"

    @property
    def spec(self):
        return DemandImport()


class DemandImportTemplateView(library.ImportTemplateView):
    required_roles = (Role.ENTERPRISE,)

    @property
    def spec(self):
        return DemandImport()
