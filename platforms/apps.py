from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "platforms"
    verbose_name = "创新平台"

    def ready(self):
        from accounts.roles import Role
        from core.registry import register_home, register_nav
        from core.workflow import register

        from .models import Platform
        from .views import home_cards
        from .workflow import PLATFORM_WORKFLOW

        register(Platform, PLATFORM_WORKFLOW)
        everyone = {Role.BUREAU, Role.LIAISON, Role.ENTERPRISE, Role.INSTITUTE, Role.LEADER}
        register_nav("创新平台", "platforms:list", roles=everyone, order=50, icon="buildings")
        register_nav("共享仪器", "platforms:instruments", roles=everyone, order=51, icon="cpu")
        register_home(home_cards)
