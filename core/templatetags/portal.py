from functools import cache

from django import template
from django.urls import get_script_prefix, reverse

from core import masking
from core.history import history_entries, status_entries
from core.workflow import workflow_for

register = template.Library()


@register.filter
def mask_phone(value):
    return masking.mask_phone(value)


@register.filter
def mask_email(value):
    return masking.mask_email(value)


def _has_workflow(obj) -> bool:
    try:
        workflow_for(obj)
    except LookupError:
        return False
    return True


@register.inclusion_tag("core/_history.html", takes_context=True)
def change_history(context, obj):
    """Audit history (field changes) and workflow history (state changes) of a record, readable
    and masked for the viewing user exactly as the record itself is (core/history.py)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "entries": history_entries(obj, user) if hasattr(obj, "history") else [],
        "status_changes": status_entries(obj, user) if _has_workflow(obj) else [],
    }


@register.filter
def state_label(value, workflow):
    return workflow.label(value) if workflow else value


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for a URL that takes no arguments (the navbar's, a list's buttons), reversed
    once per process instead of on every page."""
    return _fixed_url(name, get_script_prefix())


@cache
def _fixed_url(name: str, script_prefix: str) -> str:
    return reverse(name)


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    query = context.get("querystring", "")
    return f"?{query}&page={page_number}" if query else f"?page={page_number}"


@register.inclusion_tag("core/_organisation_flags.html", takes_context=True)
def organisation_flags(context, org):
    """Badges other apps add to a unit (core.registry.register_organisation_flags)."""
    from core.registry import organisation_flags_for

    user = context.get("user")
    flags = organisation_flags_for([org.pk], user) if user is not None and user.is_authenticated else {}
    return {"flags": flags.get(org.pk, [])}
