"""Demo: index every published demand, achievement and admitted talent, store suggestions, and
open demo engagements from the best of them."""

from . import demo_engagements, services
from .models import MatchDocument


def seed(context):
    counts = services.rebuild_index()
    for kind in ("demand", "achievement"):
        for object_id in MatchDocument.objects.filter(kind=kind).values_list("object_id", flat=True):
            services.recompute(kind, object_id)
    context["stdout"].write(
        f"供需匹配：已索引需求 {counts['demand']} 条、成果 {counts['achievement']} 项、人才 {counts['talent']} 人，并计算推荐。"
    )
    demo_engagements.seed(context)
