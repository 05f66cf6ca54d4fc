from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "对接活动"

    def ready(self):
        from accounts.roles import Role
        from core.registry import register_home, register_nav
        from core.reminders import ReminderJob, register_job
        from core.workflow import register

        from . import reminders
        from .models import Event
        from .views import home_cards
        from .workflow import EVENT_WORKFLOW

        register(Event, EVENT_WORKFLOW)

        register_nav("对接活动", "events:list", roles=set(Role.values), order=45, icon="calendar-event")
        register_home(home_cards)
        register_job(
            ReminderJob(
                "fair_preparation",
                "洽谈会筹备提醒",
                reminders.FAIR_SCHEDULE,
                reminders.send_fair_reminders,
                reminders.planned_fair_reminders,
                order=40,
            )
        )
