"""A liaison receives the quarter-end reminder, updates this quarter's ledger with an evidence
file, and the bureau records the quarter's supervision score."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from core.reminders import quarter_end, quarter_of
from supervision.models import LedgerItem, SupervisionRecord
from tests.subsidies.factories import PDF

PASSWORD = "Browser#Test2026"


def test_liaison_updates_ledger_and_bureau_scores(login, page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", password=PASSWORD, users_only=True)
    today = timezone.localdate()
    year, quarter = today.year, quarter_of(today)
    reminder_day = quarter_end(year, quarter) - dt.timedelta(days=10)
    call_command("run_reminders", "--date", reminder_day.isoformat(), "--job", "ledger_update")
    evidence = tmp_path / "走访记录.pdf"
    evidence.write_bytes(PDF)

    # the liaison sees the reminder and follows it to this quarter's ledger
    login("liaison_wenxian", PASSWORD)
    assert page.locator("[data-testid=bell] .badge").inner_text() != ""
    page.click("[data-testid=bell]")
    assert page.get_by_text(f"{year}年第{quarter}季度台账").first.is_visible()
    page.get_by_role("button", name="查看").first.click()
    page.wait_for_url(f"**/supervision/ledger/?year={year}&quarter={quarter}")

    # adds a ledger line with progress and an evidence file
    page.click("[data-testid=ledger-new]")
    page.fill("#id_task", "组织企业走进院所")
    page.fill("#id_responsible_person", "陈静")
    page.fill("#id_progress", "已组织 8 家企业赴郑州大学对接，达成合作意向 3 项。")
    page.set_input_files("#id_evidence_file", str(evidence))
    page.click("[data-testid=ledger-form] button[type=submit]")
    page.wait_for_url("**/supervision/ledger/*/")
    assert page.locator("[data-testid=evidence-link]").inner_text().strip().endswith("走访记录.pdf")
    page.click("[data-testid=action-done] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-status=done]").first.is_visible()
    item = LedgerItem.objects.get()
    assert (item.unit.name, item.year, item.quarter, item.status) == ("温县", year, quarter, "done")

    # the bureau records the county's supervision score for the quarter
    page.context.clear_cookies()
    login("bureau", PASSWORD)
    page.goto(f"{live_server.url}/supervision/records/?year={year}&quarter={quarter}")
    page.locator("[data-testid=missing-units]").get_by_role("link", name="温县").click()
    page.fill("#id_score", "92.5")
    page.select_option("#id_outcome", "commend")
    page.fill("#id_comment", "台账规范，佐证材料齐全。")
    page.click("[data-testid=record-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    row = page.locator("[data-testid=record-table] tr", has_text="温县")
    assert "92.50" in row.inner_text() and "表彰" in row.inner_text()
    record = SupervisionRecord.objects.get()
    assert (record.unit.name, record.year, record.quarter, str(record.score)) == ("温县", year, quarter, "92.50")
