"""The layer table: which code may import which. Data only; tests/test_layers.py enforces it.

Lowest layer first. A module may import from its own unit and from any lower layer, never
from a higher one (not even inside a function) and never sideways from another unit of its own
layer. A question a lower app needs answered by a higher one goes through a hook in
core/registry.py that the higher app fills from its AppConfig.ready().

A unit is an app, or a module prefix where an app straddles two layers (the longest prefix
wins): the accounts *data* (users, units, roles, validators) is what everything, core included,
is built on; the accounts *pages* (registration, verification, unit list, API) are an app on
core's base views like any other.

A new app: add its name to the layer it belongs to. tests/test_layers.py fails, naming the
app, until every local app is here.
"""

LAYERS: tuple[tuple[str, ...], ...] = (
    ("accounts.models", "accounts.roles", "accounts.validators"),
    ("core",),
    ("accounts",),
    ("credit",),
    ("talents", "demands", "achievements", "platforms"),
    ("engagements", "subsidies", "events", "supervision"),
    ("matching", "dashboard"),
    ("jiaozuo_portal",),  # the project: settings, URLs, Celery app; wires every app together
)

# Imports between two units of one layer, one way only, each with its reason.
SIDEWAYS: dict[tuple[str, str], str] = {
    ("engagements", "subsidies"): "signing an engagement records its technology contract (subsidies.TechContract)",
    ("events", "engagements"): "an event's outcomes (agreements, landed projects) link the engagement they came from",
}

# Known exceptions being removed on another branch: (importer prefix, imported prefix) -> why.
# They are exempt from the layer and the cycle checks; the test fails once one is no longer
# needed, so the entry is deleted when the other branch lands.
PENDING: dict[tuple[str, str], str] = {}
