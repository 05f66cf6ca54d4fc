from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库（pg_dump）与附件文件，并记录各表记录数与文件校验和。"

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.BACKUP_DIR), help="备份存放目录（默认 BACKUP_DIR）")

    def handle(self, *args, **options):
        try:
            target = backup(Path(options["dir"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已备份到 {target}")
