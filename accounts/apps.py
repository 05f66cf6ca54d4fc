from django.apps import AppConfig

from .roles import Role


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与单位"

    def ready(self):
        from core.registry import register_home, register_nav, register_todo
        from core.workflow import register

        from .models import Organisation
        from .workflow import VERIFICATION_WORKFLOW

        register(Organisation, VERIFICATION_WORKFLOW)

        register_nav("单位管理", "accounts:organisation_list", roles={Role.BUREAU}, order=80, icon="building")
        register_home(role_cards)
        register_todo(role_todos)


def role_cards(user):
    from django.urls import reverse

    from core.registry import HomeCard

    from .models import Organisation

    if not user.is_bureau:
        return []
    pending = Organisation.objects.filter(
        verification_status=Organisation.Verification.PENDING,
        kind__in=[Organisation.Kind.ENTERPRISE, Organisation.Kind.INSTITUTE],
    ).count()
    return [
        HomeCard(
            title="单位核验",
            body="核验新注册的企业和高校院所，通过后其账号方可使用。",
            url=reverse("accounts:organisation_list") + "?verification_status=pending",
            figures=[("待核验单位", pending)],
            order=90,
        )
    ]


def role_todos(user):
    from core.filters import filtered
    from core.registry import todo

    from .filters import OrganisationFilter
    from .models import Organisation

    if not user.is_bureau:
        return []
    params = {"verification_status": Organisation.Verification.PENDING.value}
    queue = filtered(OrganisationFilter, Organisation.objects.visible_to(user), user, params)
    return [todo("待核验的单位", queue, "accounts:organisation_list", params, order=40)]
