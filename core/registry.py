"""Apps plug their navigation entries and home-page cards in here from AppConfig.ready().

This keeps the base template and the home view free of per-app knowledge: an app that is
not installed, or a URL that does not exist yet, simply does not show.
"""

from dataclasses import dataclass, field

from accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]  # empty = every signed-in user
    order: int = 100
    icon: str = ""


@dataclass
class HomeCard:
    title: str
    body: str = ""
    url: str = ""
    link_text: str = "进入"
    figures: list[tuple[str, object]] = field(default_factory=list)
    order: int = 100


@dataclass(frozen=True)
class Todo:
    """One line of a role's to-do list: how many items wait in a queue, and the link to it.

    Build it with `todo()` from the same queryset function the queue page uses, so the count on
    the home page and the length of the queue cannot disagree."""

    label: str
    count: int
    url: str
    order: int = 100


# Navbar sections by URL namespace: a section with one entry is a plain link, more a dropdown.
NAV_SECTIONS = {
    "dashboard": ("数据看板", "speedometer2"),
    "talents": ("人才库", "people"),
    "demands": ("需求与成果", "lightbulb"),
    "achievements": ("需求与成果", "lightbulb"),
    "matching": ("需求与成果", "lightbulb"),
    "engagements": ("对接", "link-45deg"),
    "platforms": ("创新平台", "buildings"),
    "credit": ("诚信档案", "shield-exclamation"),
    "subsidies": ("成果转化补助", "cash-coin"),
    "events": ("对接", "link-45deg"),
    "supervision": ("督导考核", "clipboard-check"),
    "accounts": ("系统", "gear"),
    "core": ("系统", "gear"),
}

_nav: list[NavItem] = []
_home_providers: list = []
_todo_providers: list = []
_organisation_flag_providers: list = []


def register_nav(label: str, url_name: str, roles=(), order: int = 100, icon: str = "") -> None:
    item = NavItem(label, url_name, frozenset(roles), order, icon)
    if item not in _nav:
        _nav.append(item)


def register_home(provider) -> None:
    """provider(user) -> list[HomeCard]; called on every home-page view for that user."""
    if provider not in _home_providers:
        _home_providers.append(provider)


def register_todo(provider) -> None:
    """provider(user) -> list[Todo]: the queues this app keeps for `user` (empty for other roles).

    The home page lists every registered provider's items; an app that arrives later (the
    supervision ledgers, for one) registers its own provider from its AppConfig.ready()."""
    if provider not in _todo_providers:
        _todo_providers.append(provider)


def todos_for(user) -> list[Todo]:
    items = []
    for provider in _todo_providers:
        items.extend(provider(user) or [])
    return sorted(items, key=lambda t: t.order)


def todo(label: str, queryset, url_name: str, params: dict | None = None, *, args=(), order: int = 100) -> Todo:
    """A to-do line whose count is `queryset.count()` and whose link is `url_name?params`."""
    from urllib.parse import urlencode

    from django.urls import reverse

    url = reverse(url_name, args=args) + (("?" + urlencode(params, doseq=True)) if params else "")
    return Todo(label=label, count=queryset.count(), url=url, order=order)


def nav_for(user) -> list[NavItem]:
    roles = set(user.roles) | ({Role.BUREAU} if user.is_superuser else set())
    return sorted((i for i in _nav if not i.roles or roles & i.roles), key=lambda i: i.order)


def home_cards_for(user) -> list[HomeCard]:
    cards = []
    for provider in _home_providers:
        cards.extend(provider(user) or [])
    return sorted(cards, key=lambda c: c.order)


def register_organisation_flags(provider) -> None:
    """provider(org_ids, user) -> {org_id: [(label, css_class, url)]}: badges an app adds to the
    unit list (e.g. the credit app's blacklist), so accounts need not know the app."""
    if provider not in _organisation_flag_providers:
        _organisation_flag_providers.append(provider)


def organisation_flags_for(org_ids, user) -> dict[int, list[tuple[str, str, str]]]:
    flags: dict[int, list] = {}
    for provider in _organisation_flag_providers:
        for org_id, items in (provider(org_ids, user) or {}).items():
            flags.setdefault(org_id, []).extend(items)
    return flags


# --------------------------------------------------------------------------- cross-app questions
# A lower app asks, the app that owns the fact answers: the owner registers a provider from its
# AppConfig.ready(), so the asker never imports upward. With no provider the answer is "no".

_contact_access_providers: list = []
_refusal_providers: list = []


def register_contact_access(provider) -> None:
    """provider(user, label) -> ids of the records with model label `label` ("demands.demand")
    whose contact details `user` may see because of a fact the provider owns (engagements: an
    open engagement the user's unit is a party of)."""
    if provider not in _contact_access_providers:
        _contact_access_providers.append(provider)


def contact_access_ids(user, label: str) -> frozenset:
    ids: set = set()
    for provider in _contact_access_providers:
        ids.update(provider(user, label) or ())
    return frozenset(ids)


_refusal_batches: dict = {}


def register_refusal(provider, many=None) -> None:
    """provider(org, action) -> a Chinese reason why `org` may not do `action` ("发布需求"), or
    None. The unit blacklist is one: today the accounts flag, later the credit records.
    many(orgs, action) -> {org id: reason or None}, if given, answers for many units at once
    (a list page asks for all its rows in one go)."""
    if provider not in _refusal_providers:
        _refusal_providers.append(provider)
    if many is not None:
        _refusal_batches[provider] = many


def refusal_for(org, action: str) -> str | None:
    """The first registered reason why `org` may not do `action`; None when nothing stands in the way."""
    for provider in _refusal_providers:
        reason = provider(org, action)
        if reason:
            return reason
    return None


def refusals_for(orgs, action: str) -> dict:
    """{org id: refusal_for(org, action)} for many units; providers with a batch form answer in
    one call each, the others unit by unit."""
    orgs = {org.pk: org for org in orgs if org is not None}
    answers = {pk: None for pk in orgs}
    for provider in _refusal_providers:
        pending = [org for pk, org in orgs.items() if answers[pk] is None]
        if not pending:
            break
        many = _refusal_batches.get(provider)
        found = many(pending, action) if many is not None else {org.pk: provider(org, action) for org in pending}
        for pk, reason in found.items():
            if reason and answers.get(pk, "") is None:
                answers[pk] = reason
    return answers


_target_providers: list = []


def register_targets(provider) -> None:
    """provider(code, year) -> (value, target year) of the published target that applies to
    `year` for indicator `code` ("platforms", "agreements" …), or None. The dashboard answers
    from its editable target table, so a new plan period is an edit, not a release."""
    if provider not in _target_providers:
        _target_providers.append(provider)


def target_for(code: str, year: int):
    """The first registered answer, or None (the asking app then keeps its own default)."""
    for provider in _target_providers:
        answer = provider(code, year)
        if answer is not None:
            return answer
    return None
