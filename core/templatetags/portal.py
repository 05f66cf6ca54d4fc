from django import template

from core import masking
from core.history import history_entries
from core.workflow import history_of, workflow_for

register = template.Library()


@register.filter
def mask_phone(value):
    return masking.mask_phone(value)


@register.filter
def mask_email(value):
    return masking.mask_email(value)


@register.inclusion_tag("core/_history.html")
def change_history(obj):
    """Audit history (field changes) and workflow history (state changes) of a record."""
    try:
        workflow = workflow_for(obj)
    except LookupError:
        workflow = None
    status_changes = list(history_of(obj)) if workflow is not None else []
    return {
        "entries": history_entries(obj) if hasattr(obj, "history") else [],
        "status_changes": status_changes,
        "workflow": workflow,
    }


@register.filter
def state_label(value, workflow):
    return workflow.label(value) if workflow else value


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
