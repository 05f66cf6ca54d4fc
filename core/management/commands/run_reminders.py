"""Run every reminder job as of a date: `python manage.py run_reminders --date 2026-12-21`.

Safe to repeat: each reminder is logged once per (kind, recipient, period).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import reminders


class Command(BaseCommand):
    help = "按指定日期运行全部定时提醒（可重复执行，不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按此日期运行，格式 YYYY-MM-DD；默认今天")
        parser.add_argument("--job", action="append", help="只运行指定的提醒类型（可多次指定）")

    def handle(self, *args, date=None, job=None, **options):
        try:
            on = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD，例如 2026-12-21。")
        known = {j.kind for j in reminders.jobs()}
        unknown = sorted(set(job or []) - known)
        if unknown:
            raise CommandError(f"没有这种提醒：{'、'.join(unknown)}。可用：{'、'.join(sorted(known))}")
        total = 0
        for j in reminders.jobs():
            if job and j.kind not in job:
                continue
            sent = j.run(on)
            total += sent
            self.stdout.write(f"{j.label}（{j.kind}）：发送 {sent} 条")
        self.stdout.write(self.style.SUCCESS(f"{on:%Y-%m-%d} 的提醒已运行，共发送 {total} 条。"))
