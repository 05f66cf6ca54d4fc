import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import Organisation
from achievements.forms import AchievementImport
from achievements.models import Achievement
from core.importing import run_import


def xlsx(rows):
    headers = AchievementImport().headers
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("成果.xlsx", buf.getvalue())


def row(**overrides):
    data = {
        "成果名称": "高性能氟橡胶密封材料",
        "所属产业": "新材料",
        "成果简介": "耐高温耐油的氟橡胶密封件。",
        "关键词": "氟橡胶、密封",
        "成熟度": "通过中试",
        "知识产权类型": "发明专利",
        "知识产权号": "ZL202110000001.X",
        "转化方式": "独占许可、合作开发",
        "参考价格（万元）": "80",
        "成果持有单位": "中国科学院测试研究所",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_errors_by_row_and_column(institute_user, bureau):
    result = run_import(
        spec=AchievementImport(),
        upload=xlsx([row(), row(成果名称="第二项", 成熟度="差不多了"), row(成果名称="第三项", 转化方式="送给你")]),
        user=bureau,
        dry_run=False,
    )
    assert {(e.row, e.column) for e in result.errors} == {(3, "成熟度"), (4, "转化方式")}
    assert Achievement.objects.count() == 0


@pytest.mark.django_db
def test_bureau_collects_idempotently_and_creates_new_institutes(institute_user, bureau):
    rows = [
        row(),
        row(成果名称="盐碱地改良技术", 所属产业="现代高效农业", 成果持有单位="河南农业大学", 院所类别="高校"),
    ]
    first = run_import(spec=AchievementImport(), upload=xlsx(rows), user=bureau, dry_run=False, publish=True)
    assert (first.created, first.errors) == (2, [])
    assert Organisation.objects.get(name="河南农业大学").institute_kind == "university"
    assert set(Achievement.objects.values_list("status", "source")) == {("published", "bureau")}
    again = run_import(spec=AchievementImport(), upload=xlsx(rows), user=bureau, dry_run=False)
    assert (again.created, again.updated, again.errors) == (0, 0, [])
    # published records are no longer drafts: the bureau may still correct them by import
    assert again.unchanged == 2


@pytest.mark.django_db
def test_institute_cannot_overwrite_its_published_achievement_by_import(institute_user):
    first = run_import(
        spec=AchievementImport(), upload=xlsx([row(成果持有单位="")]), user=institute_user, dry_run=False
    )
    assert first.created == 1
    Achievement.objects.update(status="published")
    same = run_import(spec=AchievementImport(), upload=xlsx([row(成果持有单位="")]), user=institute_user, dry_run=False)
    assert (same.unchanged, same.errors) == (1, [])
    again = run_import(
        spec=AchievementImport(),
        upload=xlsx([row(成果持有单位="", 成果简介="新简介")]),
        user=institute_user,
        dry_run=False,
    )
    assert [(e.row, e.column) for e in again.errors] == [(2, "成果名称")]
