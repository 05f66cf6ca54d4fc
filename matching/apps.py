from django.apps import AppConfig

from accounts.roles import Role


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "供需匹配"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from achievements.models import Achievement
        from core.importing import records_imported
        from core.registry import register_home, register_nav, register_todo
        from demands.models import Demand
        from talents.models import Talent

        from . import signals

        post_save.connect(signals.demand_saved, sender=Demand, dispatch_uid="matching_demand_saved")
        post_save.connect(signals.achievement_saved, sender=Achievement, dispatch_uid="matching_achievement_saved")
        post_save.connect(signals.talent_saved, sender=Talent, dispatch_uid="matching_talent_saved")
        m2m_changed.connect(
            signals.talent_industries_changed, sender=Talent.industries.through, dispatch_uid="matching_talent_m2m"
        )
        records_imported.connect(signals.records_imported, dispatch_uid="matching_records_imported")
        for model in (Demand, Achievement, Talent):
            post_delete.connect(signals.record_deleted, sender=model, dispatch_uid=f"matching_deleted_{model.__name__}")

        register_nav("匹配推荐", "matching:overview", roles={Role.BUREAU, Role.LIAISON}, order=35, icon="shuffle")
        from .views import home_cards, match_todos

        register_home(home_cards)
        register_todo(match_todos)
