from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份目录恢复数据库与附件文件（覆盖现有数据），并核对记录数与文件校验和。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份目录，如 backups/20261129-093000")
        parser.add_argument("--yes", action="store_true", help="不再确认，直接覆盖现有数据")

    def handle(self, *args, **options):
        if not options["yes"] and input("恢复将覆盖当前数据库和附件，确定继续？输入 yes：").strip() != "yes":
            raise CommandError("已取消。")
        try:
            manifest = restore(Path(options["source"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(manifest["counts"].values())
        self.stdout.write(
            f"已恢复 {manifest['created']} 的备份：{total} 条记录、{len(manifest['files'])} 个附件，核对一致。"
        )
