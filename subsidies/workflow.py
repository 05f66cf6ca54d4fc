"""The claim and payment-verification workflows, as data for `core.workflow`.

Object roles: "owner" (a user of the claiming enterprise with the enterprise role) and
"county_reviewer" (a liaison of the enterprise's county). City review is the "bureau" role,
exceptional (一事一议) decisions the "leader" role. Every step records the amount at that point
in StatusChange.data["amount"] and on the claim (`current_amount`).
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from accounts.roles import Role
from core.models import StatusChange
from core.notifications import notify_many
from core.registry import refusal_for, refusals_for
from core.workflow import Transition, TransitionError, Workflow, transition

from .models import Claim, ClaimPayment, ContractPayment, TechContract
from .policy import yuan

S = Claim.Status
L = ClaimPayment.State
DATA_KEYS = ("amount", "decision_reference", "disbursed_on", "disbursement_reference")


# --------------------------------------------------------------------------- helpers


def claim_roles_of(claim, user) -> set[str]:
    roles = set()
    if user.organisation_id and user.organisation_id == claim.enterprise_id and user.has_role(Role.ENTERPRISE):
        roles.add(OWNER)
    if user.is_liaison and user.county_id and user.county_id == claim.enterprise.county_id:
        roles.add(COUNTY_REVIEWER)
    return roles


def own_claim_error(claim, user) -> str | None:
    """Nobody reviews a claim of their own organisation (or one they filled in)."""
    if user.organisation_id and user.organisation_id == claim.enterprise_id:
        return "不能审核本单位的补助申报。"
    if claim.created_by_id and claim.created_by_id == user.pk:
        return "不能审核本人填报的补助申报。"
    return None


# Review stages: the states a reviewer decides in. A claim passes each required stage, and one
# person (even holding two roles) acts in at most one stage of a claim.
COUNTY_STAGE, BUREAU_STAGE, LEADER_STAGE = "county", "bureau", "leader"
STAGE_OF_STATE = {
    S.SUBMITTED: COUNTY_STAGE,
    S.COUNTY_REVIEW: COUNTY_STAGE,
    S.BUREAU_REVIEW: BUREAU_STAGE,
    S.LEADER_REVIEW: LEADER_STAGE,
}
STAGE_NAMES = {COUNTY_STAGE: "县区初审", BUREAU_STAGE: "市级审核", LEADER_STAGE: "一事一议决策"}
# Where a reopened claim goes back to: the review state of the stage that decided it.
STAGE_STATE = {COUNTY_STAGE: S.COUNTY_REVIEW, BUREAU_STAGE: S.BUREAU_REVIEW, LEADER_STAGE: S.LEADER_REVIEW}


def _claim_changes(claim):
    return StatusChange.objects.filter(workflow=CLAIM_WORKFLOW.name, object_id=str(claim.pk))


# --------------------------------------------------------------------------- a page's facts
# A list shows each row's available transitions; their checks read the claim's status history,
# its payment links, the other claims of its contract and the blacklist. `load_page_facts()`
# reads those for a whole page in a fixed number of queries and hangs them on each claim; the
# checks below read them when present and query otherwise (a transition always queries: it
# checks the locked row). Same rules, same messages (tests/subsidies/test_list_transitions.py).


class SubmitFacts:
    """What claim_submit_problems() reads of a draft or returned claim besides the claim itself."""

    __slots__ = ("kinds", "granted", "claimed")

    def __init__(self):
        self.kinds = set()  # the kinds of its attachments
        self.granted = Decimal("0")  # enterprise_year_granted(…, exclude=claim)
        self.claimed = Decimal("0.00")  # project_claimed(contract, exclude=claim)


class ReopenFacts:
    """What check_reopen() reads of a rejected claim besides the claim itself."""

    __slots__ = ("live_others", "other_link_taken")

    def __init__(self):
        self.live_others = []  # numbers of the contract's other unrejected claims that year, newest first
        self.other_link_taken = False  # another claim actively counts one of this claim's payments


class ClaimFacts:
    __slots__ = ("pk", "changes", "links", "page")

    def __init__(self, pk, page):
        self.pk = pk
        self.changes = []  # this claim's StatusChange rows, oldest first (created_at, id)
        self.links = []  # (payment_id, is_active, payment status), by link id
        self.page = page  # the PageFacts of the list page the claim is on

    @property
    def refusals(self):
        return self.page

    @property
    def submit(self) -> SubmitFacts | None:
        return self.page.submit_facts().get(self.pk)

    @property
    def reopen(self) -> ReopenFacts | None:
        return self.page.reopen_facts().get(self.pk)


class PageFacts:
    """The facts of a page that only some checks need, read for all the page's rows the first
    time one row needs them: refusal_for() per action, a draft's submit facts, a rejected
    claim's reopen facts."""

    def __init__(self, claims: list, facts: dict):
        self.claims = claims
        self.facts = facts
        self.enterprises = list({c.enterprise_id: c.enterprise for c in claims}.values())
        self.by_action: dict = {}
        self._submit = None
        self._reopen = None

    def get(self, enterprise, action: str) -> str | None:
        if action not in self.by_action:
            self.by_action[action] = refusals_for(self.enterprises, action)
        answers = self.by_action[action]
        return answers[enterprise.pk] if enterprise.pk in answers else refusal_for(enterprise, action)

    def submit_facts(self) -> dict:
        if self._submit is None:
            self._submit = _submit_facts([c for c in self.claims if c.status in (S.DRAFT, S.RETURNED)], self.facts)
        return self._submit

    def reopen_facts(self) -> dict:
        if self._reopen is None:
            self._reopen = _reopen_facts([c for c in self.claims if c.status == S.REJECTED], self.facts)
        return self._reopen


def _facts(claim) -> ClaimFacts | None:
    return claim.__dict__.get("_workflow_facts")


def load_page_facts(claims) -> list:
    """Hang a ClaimFacts on each claim of a page: two queries (status history, payment links),
    and a few more the first time a check needs them (blacklist, submit or reopen facts),
    whatever the page size."""
    claims = list(claims)
    if not claims:
        return claims
    facts: dict = {}
    page = PageFacts(claims, facts)
    for claim in claims:
        facts[claim.pk] = claim.__dict__["_workflow_facts"] = ClaimFacts(claim.pk, page)
    by_key = {str(pk): f for pk, f in facts.items()}
    rows = (
        StatusChange.objects.filter(workflow=CLAIM_WORKFLOW.name, object_id__in=list(by_key))
        .only("id", "object_id", "from_state", "to_state", "actor_id", "created_at")
        .order_by("created_at", "id")
    )
    for change in rows:
        by_key[change.object_id].changes.append(change)
    links = ClaimPayment.objects.filter(claim_id__in=list(facts)).order_by("id")
    for claim_id, payment_id, active, status in links.values_list(
        "claim_id", "payment_id", "is_active", "payment__status"
    ):
        facts[claim_id].links.append((payment_id, active, status))
    return claims


def _reopen_facts(rejected: list, facts: dict) -> dict:
    """The other live claims of each rejected claim's contract and year, and whether another
    claim counts one of its payments: two queries for the page."""
    found = {claim.pk: ReopenFacts() for claim in rejected}
    if not rejected:
        return found
    live = (
        Claim.objects.filter(contract_id__in={c.contract_id for c in rejected})
        .exclude(status=S.REJECTED)
        .order_by("-created_at", "-id")
        .values_list("pk", "contract_id", "claim_year", "number")
    )
    by_contract_year = defaultdict(list)
    for pk, contract_id, year, number in live:
        by_contract_year[contract_id, year].append((pk, number))
    payment_ids = {pid for c in rejected for pid, _active, _status in facts[c.pk].links}
    taken = defaultdict(set)  # payment id -> claims actively counting it
    for payment_id, claim_id in ClaimPayment.objects.filter(payment_id__in=payment_ids, is_active=True).values_list(
        "payment_id", "claim_id"
    ):
        taken[payment_id].add(claim_id)
    for claim in rejected:
        f = found[claim.pk]
        f.live_others = [n for pk, n in by_contract_year[claim.contract_id, claim.claim_year] if pk != claim.pk]
        f.other_link_taken = any(taken[pid] - {claim.pk} for pid, _active, _status in facts[claim.pk].links)
    return found


def _submit_facts(claims: list, facts: dict) -> dict:
    """Attachments, the enterprise's grants that year and the project's live claims of the page's
    draft and returned claims (the rows whose owner may submit): three queries for the page."""
    from .models import ClaimAttachment

    found = {claim.pk: SubmitFacts() for claim in claims}
    if not claims:
        return found
    for claim_id, kind in ClaimAttachment.objects.filter(claim_id__in=list(found)).values_list("claim_id", "kind"):
        found[claim_id].kinds.add(kind)
    granted = list(
        Claim.objects.granted()
        .filter(enterprise_id__in={c.enterprise_id for c in claims}, claim_year__in={c.claim_year for c in claims})
        .values_list("pk", "enterprise_id", "claim_year", "approved_amount")
    )
    achievements = {c.contract.achievement_id for c in claims if c.contract.achievement_id}
    same_project = Q(contract_id__in={c.contract_id for c in claims})
    if achievements:
        same_project |= Q(contract__achievement_id__in=achievements)
    live = list(
        Claim.objects.filter(same_project)
        .exclude(status=S.REJECTED)
        .values_list("pk", "contract_id", "contract__achievement_id", "current_amount")
    )
    for claim in claims:
        ready = found[claim.pk]
        amounts = [
            a
            for pk, enterprise_id, year, a in granted
            if enterprise_id == claim.enterprise_id and year == claim.claim_year and pk != claim.pk and a is not None
        ]
        ready.granted = sum(amounts, Decimal("0")) if amounts else Decimal("0")
        achievement = claim.contract.achievement_id
        amounts = [
            a
            for pk, contract_id, achievement_id, a in live
            if pk != claim.pk
            and a is not None
            and (contract_id == claim.contract_id or (achievement and achievement_id == achievement))
        ]
        ready.claimed = sum(amounts, Decimal("0")) if amounts else Decimal("0.00")
    return found


def _since_last_submission(claim):
    changes = _claim_changes(claim)
    last = changes.filter(to_state=S.SUBMITTED).order_by("-created_at", "-id").first()
    return changes if last is None else changes.filter(id__gt=last.id)


def _since_last_submission_rows(changes: list) -> list:
    """_since_last_submission() over loaded rows (oldest first)."""
    last = None
    for change in changes:
        if change.to_state == S.SUBMITTED:
            last = change  # the newest by (created_at, id)
    return changes if last is None else [c for c in changes if c.id > last.id]


def other_stage_error(claim, user) -> str | None:
    """One person reviews one stage of a claim: whoever acted in another stage (county review,
    bureau review, leader decision) cannot act in this one, whatever roles they hold."""
    here = STAGE_OF_STATE.get(claim.status)
    if here is None or not user.is_authenticated:
        return None
    facts = _facts(claim)
    if facts is not None:
        states = [c.from_state for c in facts.changes if c.actor_id == user.pk]
    else:
        states = _claim_changes(claim).filter(actor_id=user.pk).values_list("from_state", flat=True)
    for state in states:
        stage = STAGE_OF_STATE.get(state)
        if stage is not None and stage != here:
            return f"您已参与此申报的{STAGE_NAMES[stage]}，同一人不能再审核其{STAGE_NAMES[here]}环节。"
    return None


def missing_stage_error(claim) -> str | None:
    """Every approval passes each required stage since the claim was last submitted: the county
    review, and for 一事一议 the bureau review that forwarded it to the leaders."""
    facts = _facts(claim)
    if facts is not None:
        steps = {(c.from_state, c.to_state) for c in _since_last_submission_rows(facts.changes)}

        def passed(from_state, to_state):
            return (from_state, to_state) in steps
    else:
        since = _since_last_submission(claim)

        def passed(from_state, to_state):
            return since.filter(from_state=from_state, to_state=to_state).exists()

    if not passed(S.COUNTY_REVIEW, S.BUREAU_REVIEW):
        return "此申报尚未经县区初审通过，不能批准。"
    if claim.is_exceptional and not passed(S.BUREAU_REVIEW, S.LEADER_REVIEW):
        return "一事一议申报须经市级审核报请领导决策后方可批准。"
    return None


def deciding_stage(claim) -> str:
    """The stage whose decision put the claim where it is (approved, publicised or rejected)."""
    to = S.REJECTED if claim.status == S.REJECTED else S.APPROVED
    facts = _facts(claim)
    if facts is not None:
        last = next((c for c in reversed(facts.changes) if c.to_state == to), None)
    else:
        last = _claim_changes(claim).filter(to_state=to).order_by("-created_at", "-id").first()
    if last is not None and last.from_state in STAGE_OF_STATE:
        return STAGE_OF_STATE[last.from_state]
    # No recorded decision (records from before the history): send it through every stage.
    return COUNTY_STAGE


def blacklist_error(claim, action: str) -> str | None:
    facts = _facts(claim)
    if facts is None:
        return refusal_for(claim.enterprise, action)
    return facts.refusals.get(claim.enterprise, action)


def _parse_amount(value) -> Decimal:
    from django.core.exceptions import ValidationError

    from core.inputs import parse_money

    try:
        return parse_money(value, "amount", "核定金额")
    except ValidationError as exc:
        raise TransitionError(exc.message_dict["amount"][0], code="condition") from None


def _finish(claim, data: dict) -> None:
    """Keep only known keys and record the amount at this point."""
    for key in list(data):
        if key not in DATA_KEYS:
            data.pop(key)
    data["amount"] = str(claim.current_amount)


def _take_amount(claim, data: dict) -> None:
    """A reviewer may lower the amount, never raise it, and never above the policy limit
    (the project's cumulative cap counted under the project lock)."""
    from .services import claim_limit, lock_project

    lock_project(claim.contract)
    raw = data.get("amount")
    if raw in (None, ""):
        amount = claim.current_amount
    else:
        amount = _parse_amount(raw)
    limit = min(claim.computed_amount, claim_limit(claim).amount)
    if amount > limit:
        raise TransitionError(f"核定金额不能超过政策上限 {yuan(limit)}。", code="condition")
    if amount > claim.current_amount:
        raise TransitionError(
            f"审核只能核减金额，不能高于当前核定金额 {yuan(claim.current_amount)}。", code="condition"
        )
    if amount <= 0:
        raise TransitionError("核定金额必须大于零；不予补助请选择“不予支持”。", code="condition")
    claim.current_amount = amount


# --------------------------------------------------------------------------- checks


def check_submit(claim, user, data):
    from .services import claim_submit_problems

    problems = claim_submit_problems(claim)
    return problems[0] if problems else None


def check_review(claim, user, data):
    return own_claim_error(claim, user) or other_stage_error(claim, user)


def check_bureau_approve(claim, user, data):
    if claim.is_exceptional:
        return "一事一议申报须报请领导决策，不能由市科技局直接批准。"
    return (
        check_review(claim, user, data)
        or missing_stage_error(claim)
        or blacklist_error(claim, "获得补助")
        or _payments_still_verified(claim)
    )


def check_to_leader(claim, user, data):
    if not claim.is_exceptional:
        return "只有一事一议申报需要报请领导决策。"
    return check_review(claim, user, data) or _payments_still_verified(claim)


def check_leader_decide(claim, user, data):
    return (
        check_review(claim, user, data)
        or missing_stage_error(claim)
        or blacklist_error(claim, "获得补助")
        or _payments_still_verified(claim)
    )


def _payments_still_verified(claim):
    facts = _facts(claim)
    if facts is not None:
        unverified = any(active and status != ContractPayment.Status.VERIFIED for _pid, active, status in facts.links)
    else:
        unverified = (
            claim.payment_links.filter(is_active=True).exclude(payment__status=ContractPayment.Status.VERIFIED).exists()
        )
    if unverified:
        return "计入的支付记录中有未核实或核实被撤销的记录，请先退回补正。"
    return None


def check_disburse(claim, user, data):
    if claim.publicity_until and claim.publicity_until >= timezone.localdate():
        return f"公示期至 {claim.publicity_until:%Y-%m-%d} 结束，公示期满后方可登记拨付。"
    return own_claim_error(claim, user) or blacklist_error(claim, "获得补助拨付")


def check_reopen_to(stage: str):
    """Reopen returns the claim to the stage that decided it (a county rejection to the county)."""

    def check(claim, user, data):
        if deciding_stage(claim) != stage:
            return f"此申报由{STAGE_NAMES[deciding_stage(claim)]}作出决定，重新审核须回到该环节。"
        return check_reopen(claim, user, data)

    return check


def check_reopen(claim, user, data):
    facts = _facts(claim)
    if claim.status == S.REJECTED and facts is not None:
        reopen = facts.reopen
        if reopen.live_others:
            return f"该合同本年度已有其他申报（{reopen.live_others[0]}），不能重新审核此申报。"
        if reopen.other_link_taken:
            return "此申报计入的支付已被其他申报计入，不能重新审核。"
    elif claim.status == S.REJECTED:
        live = (
            Claim.objects.filter(contract_id=claim.contract_id, claim_year=claim.claim_year)
            .exclude(pk=claim.pk)
            .exclude(status=S.REJECTED)
        )
        if live.exists():
            return f"该合同本年度已有其他申报（{live.first().number}），不能重新审核此申报。"
        payment_ids = claim.payment_links.values_list("payment_id", flat=True)
        if ClaimPayment.objects.filter(payment_id__in=payment_ids, is_active=True).exclude(claim=claim).exists():
            return "此申报计入的支付已被其他申报计入，不能重新审核。"
    return own_claim_error(claim, user)


# --------------------------------------------------------------------------- applies


def apply_submit(claim, user, data):
    claim.current_amount = claim.requested_amount
    claim.submitted_at = timezone.now()
    if claim.history.filter(status=S.RETURNED).exists():
        claim.resubmission_count += 1
    _finish(claim, data)


def apply_keep(claim, user, data):
    _finish(claim, data)


def apply_return(claim, user, data):
    claim.return_reason = data["comment"]
    _finish(claim, data)


def apply_review(claim, user, data):
    _take_amount(claim, data)
    _finish(claim, data)


def apply_approve(claim, user, data):
    _take_amount(claim, data)
    claim.approved_amount = claim.current_amount
    claim.approved_at = timezone.now()
    _finish(claim, data)


def apply_leader_approve(claim, user, data):
    reference = str(data.get("decision_reference") or "").strip()
    if not reference:
        raise TransitionError("一事一议须填写决策依据（文件文号或会议纪要号）。", code="condition")
    _take_amount(claim, data)
    claim.decision_reference = reference[:120]
    claim.decision_by = user
    claim.decision_at = timezone.now()
    claim.approved_amount = claim.current_amount
    claim.approved_at = timezone.now()
    _finish(claim, data)
    data["decision_reference"] = claim.decision_reference


def apply_reject(claim, user, data):
    for link in claim.payment_links.filter(is_active=True):
        transition(link, L.INACTIVE, user, f"申报 {claim.number} 不予支持，其支付不再计入。")
    claim.approved_amount = None
    _finish(claim, data)


def apply_publicize(claim, user, data):
    today = timezone.localdate()
    claim.publicized_on = today
    claim.publicity_until = today + timedelta(days=claim.policy.publicity_days)
    _finish(claim, data)


def apply_disburse(claim, user, data):
    from core.inputs import parse_date_or_none

    disbursed_on = parse_date_or_none(data.get("disbursed_on"))
    if disbursed_on is None:
        raise TransitionError("请填写拨付日期（格式：2025-01-31）。", code="condition")
    if disbursed_on > timezone.localdate():
        raise TransitionError("拨付日期不能晚于今天。", code="condition")
    reference = str(data.get("disbursement_reference") or "").strip()
    if not reference:
        raise TransitionError("请填写拨付凭证号。", code="condition")
    claim.disbursed_on = disbursed_on
    claim.disbursement_reference = reference[:60]
    _finish(claim, data)
    data["disbursed_on"] = disbursed_on.isoformat()
    data["disbursement_reference"] = claim.disbursement_reference


def apply_reopen(claim, user, data):
    from .services import lock_project, project_claimed, project_room

    if claim.approved_amount is None:  # it was rejected (approved and publicised claims keep theirs)
        # Live again: its amount comes back into the project's cumulative cap.
        lock_project(claim.contract)
        room = project_room(claim, claimed=project_claimed(claim.contract, exclude=claim))
        if claim.current_amount > room:
            raise TransitionError(
                f"本项目其他申报已占用补助上限，尚余 {yuan(room)}，低于此申报金额 {yuan(claim.current_amount)}，"
                "不能重新审核。",
                code="condition",
            )
    if claim.approved_amount is None and claim.payment_links.filter(is_active=True).count() == 0:
        for link in claim.payment_links.all():
            transition(link, L.ACTIVE, user, f"申报 {claim.number} 重新审核，其支付重新计入。")
    claim.approved_amount = None
    claim.approved_at = None
    claim.publicized_on = None
    claim.publicity_until = None
    claim.decision_reference = ""
    claim.decision_by = None
    claim.decision_at = None
    _finish(claim, data)


# --------------------------------------------------------------------------- notifications


def claim_after(claim, change):
    title = f"补助申报 {claim.number}：{S(change.to_state).label}"
    enterprise_users = get_user_model().objects.with_role(Role.ENTERPRISE).filter(organisation_id=claim.enterprise_id)
    if change.to_state == S.SUBMITTED:
        liaisons = get_user_model().objects.liaisons_of(claim.enterprise.county_id)
        notify_many(
            liaisons, "subsidy_claim_submitted", claim, title=title, body=f"{claim.enterprise} 提交了补助申报，请初审。"
        )
    elif change.to_state == S.BUREAU_REVIEW:
        notify_many(get_user_model().objects.with_role(Role.BUREAU), "subsidy_claim_bureau_review", claim, title=title)
    elif change.to_state == S.LEADER_REVIEW:
        notify_many(get_user_model().objects.with_role(Role.LEADER), "subsidy_claim_leader_review", claim, title=title)
    if change.to_state in (S.RETURNED, S.REJECTED, S.APPROVED, S.PUBLICIZED, S.DISBURSED):
        notify_many(enterprise_users, f"subsidy_claim_{change.to_state}", claim, title=title, body=change.comment)


# --------------------------------------------------------------------------- tables

OWNER = "owner"  # a user of the claiming enterprise with the enterprise role
COUNTY_REVIEWER = "county_reviewer"  # a liaison of the enterprise's county
REVIEWERS_EARLY = frozenset({COUNTY_REVIEWER})

CLAIM_WORKFLOW = Workflow(
    name="subsidy_claim",
    labels=dict(S.choices),
    final_states=frozenset({S.DISBURSED}),
    roles_of=claim_roles_of,
    after=claim_after,
    open_tasks={
        "subsidy_claim_submitted": frozenset({S.SUBMITTED, S.COUNTY_REVIEW}),
        "subsidy_claim_bureau_review": frozenset({S.BUREAU_REVIEW}),
        "subsidy_claim_leader_review": frozenset({S.LEADER_REVIEW}),
    },
    transitions=[
        Transition(S.DRAFT, S.SUBMITTED, frozenset({OWNER}), "提交申报", check=check_submit, apply=apply_submit),
        Transition(
            S.RETURNED, S.SUBMITTED, frozenset({OWNER}), "补正后重新提交", check=check_submit, apply=apply_submit
        ),
        Transition(
            S.SUBMITTED, S.COUNTY_REVIEW, REVIEWERS_EARLY, "受理并开始初审", check=check_review, apply=apply_keep
        ),
        Transition(
            S.COUNTY_REVIEW, S.BUREAU_REVIEW, REVIEWERS_EARLY, "县区初审通过", check=check_review, apply=apply_review
        ),
        Transition(
            S.BUREAU_REVIEW,
            S.APPROVED,
            frozenset({Role.BUREAU}),
            "市级审核通过",
            check=check_bureau_approve,
            apply=apply_approve,
        ),
        Transition(
            S.BUREAU_REVIEW,
            S.LEADER_REVIEW,
            frozenset({Role.BUREAU}),
            "报请领导一事一议",
            check=check_to_leader,
            apply=apply_review,
        ),
        Transition(
            S.LEADER_REVIEW,
            S.APPROVED,
            frozenset({Role.LEADER}),
            "一事一议批准",
            check=check_leader_decide,
            apply=apply_leader_approve,
        ),
        Transition(
            S.LEADER_REVIEW,
            S.BUREAU_REVIEW,
            frozenset({Role.LEADER}),
            "退回市科技局复核",
            comment_required=True,
            check=check_review,
            apply=apply_keep,
        ),
        Transition(
            (S.SUBMITTED, S.COUNTY_REVIEW),
            S.RETURNED,
            REVIEWERS_EARLY,
            "退回补正",
            comment_required=True,
            check=check_review,
            apply=apply_return,
        ),
        Transition(
            S.BUREAU_REVIEW,
            S.RETURNED,
            frozenset({Role.BUREAU}),
            "退回补正",
            comment_required=True,
            check=check_review,
            apply=apply_return,
        ),
        Transition(
            (S.SUBMITTED, S.COUNTY_REVIEW),
            S.REJECTED,
            REVIEWERS_EARLY,
            "不予支持",
            comment_required=True,
            check=check_review,
            apply=apply_reject,
        ),
        Transition(
            S.BUREAU_REVIEW,
            S.REJECTED,
            frozenset({Role.BUREAU}),
            "不予支持",
            comment_required=True,
            check=check_review,
            apply=apply_reject,
        ),
        Transition(
            S.LEADER_REVIEW,
            S.REJECTED,
            frozenset({Role.LEADER}),
            "不予支持",
            comment_required=True,
            check=check_review,
            apply=apply_reject,
        ),
        Transition(
            S.APPROVED, S.PUBLICIZED, frozenset({Role.BUREAU}), "发布公示", check=check_review, apply=apply_publicize
        ),
        Transition(
            S.PUBLICIZED, S.DISBURSED, frozenset({Role.BUREAU}), "登记拨付", check=check_disburse, apply=apply_disburse
        ),
        # An audited correction by the bureau: the claim goes back to the stage that decided it.
        *(
            Transition(
                (S.APPROVED, S.PUBLICIZED, S.REJECTED),
                STAGE_STATE[stage],
                frozenset({Role.BUREAU}),
                "更正：重新审核",
                comment_required=True,
                check=check_reopen_to(stage),
                apply=apply_reopen,
            )
            for stage in (COUNTY_STAGE, BUREAU_STAGE, LEADER_STAGE)
        ),
    ],
)


# --------------------------------------------------------------------------- payments

P = ContractPayment.Status


def check_verify(payment, user, data):
    if user.organisation_id and user.organisation_id == payment.contract.buyer_id:
        return "不能核实本单位的支付记录。"
    return None


def apply_verify(payment, user, data):
    raw = data.get("amount")
    amount = payment.amount if raw in (None, "") else _parse_amount(raw)
    if amount <= 0 or amount > payment.amount:
        raise TransitionError(f"核实金额须大于零且不超过支付金额 {yuan(payment.amount)}。", code="condition")
    payment.verified_amount = amount
    payment.verified_by = user
    payment.verified_at = timezone.now()
    for key in list(data):
        if key != "amount":
            data.pop(key)
    data["amount"] = str(amount)


def apply_payment_reject(payment, user, data):
    payment.verified_amount = None
    payment.verified_by = user
    payment.verified_at = timezone.now()
    data.clear()


def check_unverify(payment, user, data):
    link = payment.claim_links.filter(is_active=True).select_related("claim").first()
    if link and link.claim.status not in Claim.OPEN_STATES:
        return f"该支付已计入申报 {link.claim.number}（{link.claim.status_label()}），不能撤销核实。"
    return check_verify(payment, user, data)


def apply_unverify(payment, user, data):
    payment.verified_amount = None
    payment.verified_by = None
    payment.verified_at = None
    data.clear()


PAYMENT_WORKFLOW = Workflow(
    name="subsidy_payment",
    labels=dict(P.choices),
    transitions=[
        Transition(P.PENDING, P.VERIFIED, frozenset({Role.BUREAU}), "核实通过", check=check_verify, apply=apply_verify),
        Transition(
            P.PENDING,
            P.REJECTED,
            frozenset({Role.BUREAU}),
            "核实不通过",
            comment_required=True,
            check=check_verify,
            apply=apply_payment_reject,
        ),
        Transition(
            (P.VERIFIED, P.REJECTED),
            P.PENDING,
            frozenset({Role.BUREAU}),
            "撤销核实结果",
            comment_required=True,
            check=check_unverify,
            apply=apply_unverify,
        ),
    ],
)


# --------------------------------------------------------------------------- claim ↔ payment links


def link_roles_of(link, user) -> set[str]:
    """Whoever may decide the claim may stop or resume counting its payments."""
    return claim_roles_of(link.claim, user)


def check_link_free(link, user, data):
    """One payment is subsidised once: it may count again only if no other live claim counts it."""
    taken = ClaimPayment.objects.filter(payment_id=link.payment_id, is_active=True).exclude(pk=link.pk)
    other = taken.select_related("claim").first()
    if other is not None:
        return f"该支付已计入申报 {other.claim.number}，同一笔支付不能重复补助。"
    return None


CLAIM_PAYMENT_WORKFLOW = Workflow(
    name="subsidy_claim_payment",
    state_field="is_active",
    state_values=ClaimPayment.STATE_VALUES,
    labels=dict(L.choices),
    roles_of=link_roles_of,
    transitions=[
        Transition(L.ACTIVE, L.INACTIVE, frozenset({COUNTY_REVIEWER, Role.BUREAU, Role.LEADER}), "不再计入"),
        Transition(L.INACTIVE, L.ACTIVE, frozenset({Role.BUREAU}), "重新计入", check=check_link_free),
    ],
)


# --------------------------------------------------------------------------- contracts
# A contract recorded by anyone but its buyer waits for the buyer to confirm it (or the bureau to
# verify it) before any claim may rest on it; the buyer may deny it, which frees its number.

C = TechContract.Status
BUYER = "buyer"  # a user of the buyer enterprise with the enterprise role


def contract_roles_of(contract, user) -> set[str]:
    if user.organisation_id and user.organisation_id == contract.buyer_id and user.has_role(Role.ENTERPRISE):
        return {BUYER}
    return set()


def contract_after(contract, change):
    from .services import contract_parties

    others = [u for u in contract_parties(contract) if u.pk != change.actor_id]
    title = f"技术合同 {contract.registration_number}：{C(change.to_state).label}"
    notify_many(others, f"subsidy_contract_{change.to_state}", contract, title=title, body=change.comment)


def check_contract_unclaimed(contract, user, data):
    if contract.claims.exists():
        return "该合同已有补助申报，不能否认；如有问题请联系市科技局。"
    return None


CONTRACT_WORKFLOW = Workflow(
    name="subsidy_contract",
    labels=dict(C.choices),
    final_states=frozenset({C.DISPUTED}),
    roles_of=contract_roles_of,
    after=contract_after,
    transitions=[
        Transition(C.RECORDED, C.CONFIRMED, frozenset({BUYER}), "受让方确认"),
        Transition((C.RECORDED, C.CONFIRMED), C.VERIFIED, frozenset({Role.BUREAU}), "市科技局核实"),
        Transition(
            C.RECORDED,
            C.DISPUTED,
            frozenset({BUYER, Role.BUREAU}),
            "否认该合同",
            comment_required=True,
            check=check_contract_unclaimed,
        ),
    ],
)
