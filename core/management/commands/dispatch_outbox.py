from django.core.management.base import BaseCommand

from core.outbox import dispatch, pending_count


class Command(BaseCommand):
    help = "发送因消息队列不可用而积压的后台任务（通常由 Celery beat 每分钟执行）。"

    def handle(self, *args, **options):
        sent = dispatch()
        self.stdout.write(f"已发送 {sent} 个任务，仍待发送 {pending_count()} 个。")
