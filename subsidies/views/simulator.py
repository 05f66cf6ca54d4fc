"""The subsidy simulator: what the policy would grant for an amount."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render

from ..forms import SimulatorForm
from ..models import PolicyVersion
from ..policy import compute_subsidy

# --------------------------------------------------------------------------- simulator


@login_required
def simulator(request):
    form = SimulatorForm(request.GET or None)
    policy = PolicyVersion.current()
    result = None
    if form.is_bound and form.is_valid() and policy is not None:
        try:
            result = compute_subsidy(
                policy=policy,
                basis=form.cleaned_data["basis_amount"].replace(",", "").strip(),
                exceptional=form.cleaned_data["exceptional"],
            )
        except ValidationError as exc:
            form.add_error("basis_amount", exc.messages[0])
    return render(request, "subsidies/simulator.html", {"form": form, "policy": policy, "result": result})
