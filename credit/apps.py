from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "credit"
    verbose_name = "诚信档案"

    def ready(self):
        from accounts.roles import Role
        from core.registry import register_home, register_nav, register_organisation_flags

        from .services import organisation_flags
        from .views import home_cards

        register_nav(
            "诚信档案",
            "credit:list",
            roles={Role.BUREAU, Role.LEADER},
            order=90,
            icon="shield-exclamation",
        )
        register_organisation_flags(organisation_flags)
        register_home(home_cards)
