from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "督导考核"

    def ready(self):
        from accounts.roles import Role
        from core.registry import register_home, register_nav, register_todo
        from core.reminders import ReminderJob, register_job
        from core.workflow import register

        from . import reminders
        from .models import AssignedTask, LedgerItem
        from .views import home_cards, supervision_todos
        from .workflow import LEDGER_WORKFLOW, TASK_WORKFLOW

        register(LedgerItem, LEDGER_WORKFLOW)
        register(AssignedTask, TASK_WORKFLOW)

        keepers = {Role.BUREAU, Role.LIAISON, Role.LEADER}
        register_nav("季度台账", "supervision:ledger_list", roles=keepers, order=60, icon="journal-check")
        register_nav("交办任务", "supervision:task_list", roles=keepers, order=61, icon="list-task")
        register_nav("督导记录", "supervision:record_list", roles=keepers, order=62, icon="clipboard-data")
        register_nav("年度评奖", "supervision:awards", roles=keepers, order=63, icon="trophy")
        register_home(home_cards)
        register_todo(supervision_todos)
        register_job(
            ReminderJob(
                "ledger_update",
                "台账更新提醒",
                reminders.LEDGER_SCHEDULE,
                reminders.send_ledger_reminders,
                reminders.planned_ledger_reminders,
                order=10,
            )
        )
        register_job(
            ReminderJob(
                "joint_meeting",
                "联席会议提醒",
                reminders.MEETING_SCHEDULE,
                reminders.send_meeting_reminders,
                reminders.planned_meeting_reminders,
                order=20,
            )
        )
        register_job(
            ReminderJob(
                "task_overdue",
                "交办任务逾期提醒",
                reminders.OVERDUE_SCHEDULE,
                reminders.send_overdue_reminders,
                reminders.planned_overdue_reminders,
                order=30,
            )
        )
