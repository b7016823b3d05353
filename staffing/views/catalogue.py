"""Pages of the role catalogue and of a store's norms and staffing policy."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import LOGIN, with_rule
from accounts.choices import Action
from core.forms import service_errors_apply
from stores.permissions import stores_for

from ..forms import NormsForm, PolicyForm
from ..selectors import staff_roles, staffing_policy, store_norms
from ..services import StaffingInvalid, norms_save, policy_save
from .common import EDIT


@with_rule(LOGIN)
def home(request: HttpRequest) -> HttpResponse:
    """The stores one may see, each leading to its roster and gap report."""
    stores = stores_for(request.user, Action.VIEW).order_by("name", "code")
    managed = set(stores_for(request.user, Action.EDIT_STAFFING).values_list("pk", flat=True))
    return render(request, "staffing/home.html", {"stores": stores, "managed": managed})


@with_rule(LOGIN)
def roles(request: HttpRequest) -> HttpResponse:
    """The role catalogue: duties in the reader's language and the default norms (superusers edit it in the admin)."""
    return render(request, "staffing/roles.html", {"roles": staff_roles()})


@with_rule(EDIT)
def settings(request: HttpRequest, store: str) -> HttpResponse:
    """The store's capacity norms and staffing policy, for its ops manager."""
    roles = staff_roles()
    policy = staffing_policy(request.store)
    data = request.POST if request.method == "POST" else None
    norms_form = NormsForm(data, roles=roles, own=store_norms(request.store), prefix="norms")
    policy_form = PolicyForm(data, instance=policy, prefix="policy")
    if request.method == "POST" and norms_form.is_valid() and policy_form.is_valid():
        try:
            with transaction.atomic():
                policy_save(request.store, policy_form.values())
                norms_save(request.store, norms_form.values())
        except StaffingInvalid as exc:
            service_errors_apply(policy_form, exc)
        else:
            messages.success(request, _("Saved the staffing norms and policy."))
            return redirect("staffing:gap_report", store=store)
    context = {"store": request.store, "norms_form": norms_form, "policy_form": policy_form, "tab": "settings"}
    return render(request, "staffing/settings.html", context)
