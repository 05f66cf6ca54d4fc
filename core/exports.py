"""Filtered-list exports: the same FilterSet as the page, logged with who and which filter."""

from .excel import xlsx_response
from .models import ExportLog


def logged_xlsx_export(request, *, what: str, filename: str, headers, rows, count: int, personal: bool = False):
    ExportLog.objects.create(
        user=request.user,
        what=what,
        query=request.GET.urlencode(),
        row_count=count,
        contains_personal_data=personal,
    )
    note = "本文件含个人信息，仅限工作使用，不得外传。" if personal else None
    return xlsx_response(filename, headers, rows, note=note)
