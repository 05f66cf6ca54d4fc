"""The talent export (xlsx) shared by the page and the API: one column set, one access rule,
logged as a personal-data export. Takes the already filtered, visible queryset."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.exports import logged_xlsx_export

from .forms import HEADERS
from .models import sees_contacts

EXPORT_HEADERS = [
    "编号",
    *HEADERS[:15],
    "微信号",
    "状态",
    "最近核实日期",
    "下次更新日期",
    "年龄放宽理由",
    HEADERS[15],
]


def export_talents(request, queryset):
    """The filtered list as xlsx (formula-like text stays text), logged as personal data."""
    if not sees_contacts(request.user):
        raise PermissionDenied("只有市科技局和县区联络员可以导出人才信息。")
    count = queryset.count()

    def rows():
        for t in queryset.iterator(chunk_size=1000):
            yield [
                t.code,
                t.name,
                t.get_gender_display(),
                t.birth_display,
                t.native_county.name,
                t.work_place,
                t.employer,
                t.position,
                t.get_title_display() if t.title else "",
                t.get_degree_display() if t.degree else "",
                t.research_field,
                "、".join(i.name for i in t.industries.all()),
                t.category.name,
                t.phone,
                t.email,
                "、".join(t.cooperation_intent_labels),
                t.wechat,
                t.get_status_display(),
                t.last_verified_on,
                t.refresh_due_on,
                t.age_exception_reason if t.age_exception else "",
                t.notes,
            ]

    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    return logged_xlsx_export(
        request,
        what="焦作籍科技人才",
        filename=f"焦作籍科技人才_{stamp}.xlsx",
        headers=EXPORT_HEADERS,
        rows=rows(),
        count=count,
        personal=True,
    )
