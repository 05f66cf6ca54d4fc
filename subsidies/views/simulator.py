"""The subsidy simulator: what the policy would grant for an amount (and a contract's remaining room)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render

from ..forms import SimulatorForm
from ..models import PolicyVersion, default_claim_year
from ..services import simulate

# --------------------------------------------------------------------------- simulator


@login_required
def simulator(request):
    form = SimulatorForm(request.GET or None, user=request.user)
    year = default_claim_year()
    policy = PolicyVersion.for_claim_year(year)
    result = None
    if form.is_bound and form.is_valid() and policy is not None:
        contract = form.cleaned_data.get("contract")
        try:
            policy, result = simulate(
                user=request.user,
                basis_amount=form.cleaned_data["basis_amount"],
                exceptional=form.cleaned_data["exceptional"],
                contract_id=contract.pk if contract else None,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
    return render(request, "subsidies/simulator.html", {"form": form, "policy": policy, "result": result, "year": year})
