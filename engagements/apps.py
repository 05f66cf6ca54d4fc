from django.apps import AppConfig

from accounts.roles import Role


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = "对接"

    def ready(self):
        from core.registry import register_contact_access, register_home, register_nav
        from core.workflow import register

        from .models import Engagement
        from .views import home_cards
        from .workflow import ENGAGEMENT_WORKFLOW

        register(Engagement, ENGAGEMENT_WORKFLOW)

        register_contact_access(Engagement.open_party_record_ids)

        register_nav(
            "对接管理",
            "engagements:pipeline",
            roles={Role.BUREAU, Role.LIAISON, Role.ENTERPRISE, Role.INSTITUTE, Role.LEADER},
            order=40,
            icon="people",
        )
        register_home(home_cards)

        from core.reminders import ReminderJob, register_job

        from . import reminders, services

        register_job(
            ReminderJob(
                "engagement_follow_up",
                "对接跟进提醒",
                reminders.SCHEDULE,
                services.send_follow_up_reminders,
                reminders.planned_follow_ups,
                order=50,
            )
        )
