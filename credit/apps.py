from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "credit"
    verbose_name = "诚信档案"

    def ready(self):
        from accounts.roles import Role
        from core.registry import register_home, register_nav, register_organisation_flags, register_refusal

        from .services import blacklist_refusal, blacklist_refusals, organisation_flags
        from .views import home_cards

        register_nav(
            "诚信档案",
            "credit:list",
            roles={Role.BUREAU, Role.LEADER},
            order=90,
            icon="shield-exclamation",
        )
        register_organisation_flags(organisation_flags)
        # Lower apps (core's library workflow, accounts) ask "may this unit …?" through the hook.
        register_refusal(blacklist_refusal, many=blacklist_refusals)
        register_home(home_cards)
