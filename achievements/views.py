import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html
from django.views import View

from accounts.models import Industry, Organisation
from accounts.roles import Role
from core.html import choice_labels, html_row
from core.library import views as library
from core.mixins import RoleRequiredMixin

from .filters import AchievementFilter
from .forms import AchievementForm, AchievementImport, AttachmentForm
from .models import Achievement, AchievementAttachment

# One row of the achievement lists (AchievementListView.row_html); html_row escapes every value.
ROW = (
    '<tr>{check}<td><a href="{url}">{title}</a>{keywords}'
    '<div class="small text-muted d-md-none text-truncate cell-sub">{owner}</div></td>'
    '<td class="p-md">{owner}</td><td class="p-lg">{industry}</td><td class="p-md">{maturity}</td>'
    '<td class="small p-lg">{modes}</td><td class="text-nowrap p-lg">{price}</td>'
    '<td class="text-nowrap"><span class="badge text-bg-{badge}">{status}</span></td></tr>'
)
KEYWORDS = '<div class="small text-muted p-md">{}</div>'
STATUS_BADGES = {"published": "success", "pending_review": "warning", "transferred": "info"}


class AchievementListView(library.LibraryListView):
    model = Achievement
    filterset_class = AchievementFilter
    template_name = "achievements/achievement_list.html"
    namespace = "achievements"
    list_title = "科技成果库"

    def can_create(self, user):
        return user.is_bureau or (user.has_role(Role.INSTITUTE) and user.organisation_id is not None)

    def row_html(self, a, names):
        return html_row(
            ROW,
            check=names.check_cell(a),
            url=names.url(a),
            title=a.title,
            keywords=format_html(KEYWORDS, "、".join(a.keywords)) if a.keywords else "",
            owner=a.owner,
            industry=names.name(Industry, a.industry_id),
            maturity=choice_labels(Achievement, "maturity").get(a.maturity, a.maturity),
            modes="、".join(a.transfer_mode_labels()) or "—",
            price=a.price_display,
            badge=STATUS_BADGES.get(a.status, "secondary"),
            status=choice_labels(Achievement, "status").get(a.status, a.status),
        )


class MyAchievementListView(AchievementListView):
    list_title = "我的成果"
    page_kind = "mine"
    required_roles = (Role.INSTITUTE,)

    def get_queryset(self):
        return super().get_queryset().owned_by(self.request.user)


class ReviewQueueView(AchievementListView):
    list_title = "成果审核"
    page_kind = "review"
    required_roles = (Role.BUREAU,)

    def get_queryset(self):
        return super().get_queryset().review_queue()


class AchievementDetailView(library.LibraryDetailView):
    model = Achievement
    template_name = "achievements/achievement_detail.html"
    related_template_name = "matching/_achievement_matches.html"

    def get_queryset(self):
        return super().get_queryset().select_related("industry", "county", "owner", "created_by")

    def get_extra_context(self, obj):
        return {
            "attachments": obj.attachments.select_related("uploaded_by"),
            "attachment_form": AttachmentForm() if obj.can_edit(self.request.user) else None,
        }


class AchievementFormView(library.LibraryFormView):
    model = Achievement
    form_class = AchievementForm
    template_name = "achievements/achievement_form.html"
    namespace = "achievements"
    create_roles = (Role.INSTITUTE,)

    def check_create(self):
        super().check_create()
        org = self.request.user.organisation
        if not self.request.user.is_bureau and org.kind != Organisation.Kind.INSTITUTE:
            raise PermissionDenied("只有高校院所可以发布科技成果。")


class AchievementTransitionView(library.TransitionView):
    model = Achievement


class AchievementBatchView(library.BatchTransitionView):
    model = Achievement
    namespace = "achievements"


class AchievementExportView(library.ExportView):
    model = Achievement
    filterset_class = AchievementFilter
    what = "科技成果"
    filename = "科技成果.xlsx"
    headers = [
        "编号",
        "成果名称",
        "成果持有单位",
        "团队负责人",
        "所属产业",
        "技术领域",
        "成熟度",
        "技术水平",
        "知识产权",
        "转化方式",
        "参考价格",
        "来源",
        "状态",
        "发布时间",
        "关键词",
        "联系人",
        "联系电话",
        "成果简介",
    ]

    def row(self, a, contact_visible):
        contact = a.contact_for(contact_visible)
        return [
            a.pk,
            a.title,
            a.owner.name,
            a.team_lead,
            a.industry.name,
            a.technical_field,
            a.get_maturity_display(),
            a.get_technical_level_display(),
            "、".join(a.ip_kind_labels()),
            "、".join(a.transfer_mode_labels()),
            a.price_display,
            a.get_source_display(),
            a.get_status_display(),
            a.published_at,
            "、".join(a.keywords or []),
            contact["name"],
            contact["phone"],
            a.summary,
        ]


class AchievementImportView(library.ImportView):
    required_roles = (Role.INSTITUTE,)
    namespace = "achievements"
    title = "批量导入科技成果"

    @property
    def spec(self):
        return AchievementImport()


class AchievementImportTemplateView(library.ImportTemplateView):
    required_roles = (Role.INSTITUTE,)

    @property
    def spec(self):
        return AchievementImport()


class AttachmentUploadView(RoleRequiredMixin, View):
    def post(self, request, pk):
        achievement = get_object_or_404(Achievement.objects.visible_to(request.user), pk=pk)
        if not achievement.can_edit(request.user):
            raise PermissionDenied("当前状态下不能修改附件。")
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            AchievementAttachment.objects.create(
                achievement=achievement,
                file=upload,
                name=os.path.basename(upload.name)[:200],
                size=upload.size,
                uploaded_by=request.user,
            )
            messages.success(request, f"已上传附件：{upload.name}")
        else:
            for error in form.errors.get("file", []):
                messages.error(request, error)
        return redirect(achievement.get_absolute_url())


class AttachmentDownloadView(RoleRequiredMixin, View):
    """Attachments are private files: streamed only to users who may see the achievement."""

    def get(self, request, pk, attachment_id):
        achievement = get_object_or_404(Achievement.objects.visible_to(request.user), pk=pk)
        attachment = get_object_or_404(achievement.attachments, pk=attachment_id)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("附件文件不存在。") from exc
        return FileResponse(handle, as_attachment=True, filename=attachment.name)


class AttachmentDeleteView(RoleRequiredMixin, View):
    def post(self, request, pk, attachment_id):
        achievement = get_object_or_404(Achievement.objects.visible_to(request.user), pk=pk)
        if not achievement.can_edit(request.user):
            raise PermissionDenied("当前状态下不能修改附件。")
        attachment = get_object_or_404(achievement.attachments, pk=attachment_id)
        attachment.file.delete(save=False)
        attachment.delete()
        messages.success(request, f"已删除附件：{attachment.name}")
        return redirect(achievement.get_absolute_url())
