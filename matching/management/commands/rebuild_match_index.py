from django.core.management.base import BaseCommand

from matching import services
from matching.models import MatchDocument


class Command(BaseCommand):
    help = "按当前知识库重建供需匹配索引，并重新计算所有已发布需求和成果的推荐。"

    def add_arguments(self, parser):
        parser.add_argument("--no-suggestions", action="store_true", help="只重建索引，不重新计算推荐")

    def handle(self, *args, **options):
        counts = services.rebuild_index(stdout=self.stdout)
        if not options["no_suggestions"]:
            for kind in ("demand", "achievement"):
                for object_id in MatchDocument.objects.filter(kind=kind).values_list("object_id", flat=True):
                    services.recompute(kind, object_id)
        self.stdout.write(self.style.SUCCESS(f"完成：{counts}"))
