"""A liaison downloads the template, uploads a file with two bad rows, sees both errors,
fixes them and commits the import."""

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from talents.models import Talent

PASSWORD = "Browser#Test2026"

ROWS = [
    [
        "李红梅",
        "女",
        "1980.03",
        "温县",
        "北京市海淀区",
        "中国科学院化学研究所",
        "课题组长",
        "研究员",
        "博士",
        "高分子材料",
        "新材料",
        "高校院所正副教授、正副研究员、博士",
        "13912345678",
        "lihm@iccas.ac.cn",
        "技术咨询",
        "",
    ],
    [
        "张志远",
        "男",
        "1975年6月",
        "温县",
        "上海市徐汇区",
        "上海交通大学",
        "教授",
        "正高级",
        "博士",
        "智能制造",
        "高端装备制造",
        "高校院所正副教授、正副研究员、博士",
        "12345",
        "",
        "项目合作",
        "",
    ],
    [
        "赵敏",
        "女",
        "197708",
        "沁阳市",
        "广东省深圳市",
        "比亚迪股份有限公司",
        "研发总监",
        "高级工程师",
        "硕士",
        "动力电池",
        "新能源汽车",
        "500强企业负责人及技术骨干",
        "13912345680",
        "",
        "成果转化",
        "",
    ],
]


def fill(template_path, out_path, rows):
    wb = load_workbook(template_path)
    ws = wb["数据"]
    ws.delete_rows(2, ws.max_row)  # drop the example row
    for r in rows:
        ws.append(r)
    wb.save(out_path)


@pytest.fixture
def demo_users():
    call_command("seed_demo", password=PASSWORD, users_only=True)


def test_liaison_imports_with_preview_fix_and_commit(demo_users, login, page, live_server, tmp_path):
    login("liaison_wenxian", PASSWORD)
    page.goto(f"{live_server.url}/talents/import/")
    with page.expect_download() as info:
        page.get_by_test_id("template-download").click()
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)
    headers = [c.value for c in load_workbook(template)["数据"][1]]
    assert headers[:3] == ["姓名", "性别", "出生年月"] and len(headers) == 16

    bad = tmp_path / "bad.xlsx"
    fill(template, bad, ROWS)
    page.set_input_files("#id_file", str(bad))
    page.click("#upload-button")
    page.get_by_test_id("import-summary").wait_for()
    errors = page.get_by_test_id("error-list").inner_text()
    assert "第 3 行 · 手机" in errors
    assert "第 4 行 · 籍贯县区" in errors
    assert page.get_by_test_id("cell-error").count() == 2
    assert page.get_by_test_id("commit-import").count() == 0
    assert Talent.objects.count() == 0

    fixed_rows = [list(r) for r in ROWS]
    fixed_rows[1][12] = "13912345679"
    fixed_rows[2][3] = "温县"
    good = tmp_path / "good.xlsx"
    fill(template, good, fixed_rows)
    page.goto(f"{live_server.url}/talents/import/")
    page.set_input_files("#id_file", str(good))
    page.click("#upload-button")
    page.get_by_test_id("commit-import").wait_for()
    assert "将新增 3 条" in page.get_by_test_id("import-summary").inner_text()
    page.get_by_test_id("commit-import").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("导入完成：共 3 行，新增 3 条").is_visible()
    assert Talent.objects.filter(native_county__code="wenxian", status="screening").count() == 3
