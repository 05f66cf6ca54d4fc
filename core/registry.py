"""Apps plug their navigation entries and home-page cards in here from AppConfig.ready().

This keeps the base template and the home view free of per-app knowledge: an app that is
not installed, or a URL that does not exist yet, simply does not show.
"""

from dataclasses import dataclass, field


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


# Navbar sections by URL namespace: a section with one entry is a plain link, more a dropdown.
NAV_SECTIONS = {
    "talents": ("人才库", "people"),
    "demands": ("需求与成果", "lightbulb"),
    "achievements": ("需求与成果", "lightbulb"),
    "matching": ("需求与成果", "lightbulb"),
    "engagements": ("对接", "link-45deg"),
    "platforms": ("创新平台", "buildings"),
    "credit": ("诚信档案", "shield-exclamation"),
    "subsidies": ("成果转化补助", "cash-coin"),
    "accounts": ("系统", "gear"),
}

_nav: list[NavItem] = []
_home_providers: list = []
_organisation_flag_providers: list = []


def register_nav(label: str, url_name: str, roles=(), order: int = 100, icon: str = "") -> None:
    item = NavItem(label, url_name, frozenset(roles), order, icon)
    if item not in _nav:
        _nav.append(item)


def register_home(provider) -> None:
    """provider(user) -> list[HomeCard]; called on every home-page view for that user."""
    if provider not in _home_providers:
        _home_providers.append(provider)


def nav_for(user) -> list[NavItem]:
    roles = set(user.roles) | ({"bureau"} if user.is_superuser else set())
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
