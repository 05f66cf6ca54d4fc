"""Talent factories and Excel helpers for the talent tests."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from talents.forms import HEADERS
from talents.models import Talent, TalentCategory, TalentStatus
from tests.factories import county, industry

_phones = itertools.count(13900000000)


def make_talent(county_code="wenxian", *, industries=("materials",), status=TalentStatus.ADMITTED, **kwargs) -> Talent:
    from django.utils import timezone

    defaults = dict(
        name="张伟",
        gender="male",
        birth_year=1978,
        birth_month=5,
        work_province="北京市",
        work_city="海淀区",
        employer="清华大学",
        position="教授",
        title="senior",
        degree="doctor",
        research_field="高分子材料",
        category=TalentCategory.objects.get(code="academic"),
        phone=str(next(_phones)),
        email="",
        status=status,
    )
    defaults.update(kwargs)
    talent = Talent(native_county=county(county_code), **defaults)
    talent.mark_verified(timezone.localdate())
    talent.save()
    talent.industries.set([industry(code) for code in industries])
    return talent


GOOD_ROW = {
    "姓名": "李红梅",
    "性别": "女",
    "出生年月": "1980.03",
    "籍贯县区": "温县",
    "工作省市": "北京市海淀区",
    "工作单位": "中国科学院化学研究所",
    "职务": "课题组长",
    "职称": "研究员",
    "学历": "博士",
    "研究领域": "高分子材料、催化",
    "所属产业": "新材料",
    "人才类别": "高校院所正副教授、正副研究员、博士",
    "手机": "13912345678",
    "邮箱": "lihm@iccas.ac.cn",
    "合作意向": "技术咨询、成果转化",
    "备注": "",
}


def row(**changes) -> dict:
    r = dict(GOOD_ROW)
    r.update(changes)
    return r


def xlsx(rows: list[dict], *, headers=HEADERS, name="人才.xlsx", trailing_blank=0) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h, "") for h in headers])
    for _ in range(trailing_blank):
        ws.append(["", "  ", None])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")
