from django.apps import AppConfig

from .roles import Role

# What each role does next: shown on the home page until the role's own apps add cards.
ROLE_GUIDES = {
    Role.LIAISON: (
        "县区联络员",
        "录入并维护本县区焦作籍科技人才信息（网页表单或 Excel 批量导入），每两年更新一次；组织本地对接活动，记录季度台账。",
        "talents:list",
        "进入人才库",
    ),
    Role.BUREAU: (
        "市科技局",
        "汇总甄别人才、审核发布需求与成果、组织供需对接、审核成果转化补助、开展季度督导。",
        "talents:list",
        "进入人才库",
    ),
    Role.ENTERPRISE: (
        "企业用户",
        "发布技术、人才、资金需求，查看匹配的科技成果，申请成果转化配套补助。",
        "demands:list",
        "管理我的需求",
    ),
    Role.INSTITUTE: (
        "高校院所",
        "发布科技成果，查看与成果匹配的企业需求并参与对接。",
        "achievements:list",
        "管理我的成果",
    ),
    Role.LEADER: (
        "领导",
        "查阅人才库、需求库、成果库、对接与补助的汇总数据（只读，不含个人联系方式）。",
        "core:home",
        "",
    ),
}


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与单位"

    def ready(self):
        from core.registry import register_home, register_nav
        from core.workflow import register

        from .models import Organisation
        from .workflow import VERIFICATION_WORKFLOW

        register(Organisation, VERIFICATION_WORKFLOW)

        register_nav("单位管理", "accounts:organisation_list", roles={Role.BUREAU}, order=80, icon="building")
        register_home(role_cards)


def role_cards(user):
    from django.urls import NoReverseMatch, reverse

    from core.registry import HomeCard

    from .models import Organisation

    cards = []
    roles = set(user.roles) | ({Role.BUREAU} if user.is_superuser else set())
    for role, (title, body, url_name, link_text) in ROLE_GUIDES.items():
        if role not in roles:
            continue
        try:
            url = reverse(url_name) if link_text else ""
        except NoReverseMatch:
            url = ""
        cards.append(HomeCard(title=f"{title}：下一步工作", body=body, url=url, link_text=link_text, order=10))
    if Role.BUREAU in roles:
        pending = Organisation.objects.filter(
            verification_status=Organisation.Verification.PENDING,
            kind__in=[Organisation.Kind.ENTERPRISE, Organisation.Kind.INSTITUTE],
        ).count()
        cards.append(
            HomeCard(
                title="单位核验",
                body="核验新注册的企业和高校院所，通过后其账号方可使用。",
                url=reverse("accounts:organisation_list") + "?verification_status=pending",
                figures=[("待核验单位", pending)],
                order=90,
            )
        )
    return cards
