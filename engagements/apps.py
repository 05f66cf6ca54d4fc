from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = "对接"

    def ready(self):
        from core.registry import register_home, register_nav
        from core.workflow import register

        from .models import Engagement
        from .views import home_cards
        from .workflow import ENGAGEMENT_WORKFLOW

        register(Engagement, ENGAGEMENT_WORKFLOW)

        register_nav(
            "对接管理",
            "engagements:pipeline",
            roles={"bureau", "liaison", "enterprise", "institute", "leader"},
            order=40,
            icon="people",
        )
        register_home(home_cards)
