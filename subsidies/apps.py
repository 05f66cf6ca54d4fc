from django.apps import AppConfig

from accounts.roles import Role


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = "成果转化补助"

    def ready(self):
        from core.registry import register_home, register_nav, register_todo
        from core.workflow import register

        from .home import home_cards
        from .models import Claim, ClaimPayment, ContractPayment, TechContract
        from .workflow import CLAIM_PAYMENT_WORKFLOW, CLAIM_WORKFLOW, CONTRACT_WORKFLOW, PAYMENT_WORKFLOW

        register(Claim, CLAIM_WORKFLOW)
        register(ContractPayment, PAYMENT_WORKFLOW)
        register(ClaimPayment, CLAIM_PAYMENT_WORKFLOW)
        register(TechContract, CONTRACT_WORKFLOW)

        register_nav("成果转化补助", "subsidies:claim_list", roles={Role.ENTERPRISE}, order=60, icon="cash-coin")
        register_nav(
            "补助审核", "subsidies:review_queue", roles={Role.LIAISON, Role.BUREAU}, order=60, icon="cash-coin"
        )
        register_nav("补助决策", "subsidies:review_queue", roles={Role.LEADER}, order=60, icon="cash-coin")
        register_nav(
            "补助公示",
            "subsidies:publicity",
            roles={Role.BUREAU, Role.LEADER, Role.LIAISON},
            order=61,
            icon="megaphone",
        )
        register_home(home_cards)
        from .todos import subsidy_todos

        register_todo(subsidy_todos)
