"""The first screen after login, by role: managers and readers get the morning briefing of their stores, customer
service today's log, staff with shifts their shifts. Someone without a store lands on the store list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import login_only
from accounts.choices import Role
from stores.models import Membership

from .briefing import Briefing
from .selectors import briefing

# Roles whose work is the store's figures: they read the briefing wherever they hold them.
BRIEFING_ROLES = frozenset({Role.OPS_MANAGER, Role.VIEWER})


def landing_url(user: Any, roles: dict[str, str]) -> str | None:
    """Where ``user`` (with ``roles``: their role per store code) lands, or None for the briefing."""
    if user.is_superuser or BRIEFING_ROLES & set(roles.values()):
        return None
    service = sorted(code for code, role in roles.items() if role == Role.CUSTOMER_SERVICE)
    if len(service) == 1:
        return reverse("orders:service_log", kwargs={"store": service[0]})
    if service:
        return reverse("orders:home")  # the stores they log for, each with today's status: pick one
    if hasattr(user, "staff_person"):
        return reverse("rotas:mine")
    if not roles:
        return reverse("stores:store_list")
    return None


def chart_data(data: Briefing) -> dict[str, Any]:
    """The comparison chart: each store's yesterday and month-to-date GMV attainment and its pace, worst first."""

    def share(value: Any) -> float | None:
        return None if value is None else float(value)

    stores = data.stores
    return {
        "stores": [s.name for s in stores],
        "target": _("Target"),
        "series": [
            {"name": _("GMV yesterday"), "data": [share(s.day and s.day.gmv_attainment) for s in stores]},
            {"name": _("GMV month to date"), "data": [share(s.month and s.month.gmv_attainment) for s in stores]},
            {"name": _("Pace to month-end"), "data": [share(s.month and s.month.pace_gmv) for s in stores]},
        ],
    }


@require_GET
@login_only
def home(request: HttpRequest) -> HttpResponse:
    """The morning's answer for the signed-in user (see :func:`landing_url`)."""
    roles = dict(Membership.objects.filter(user=request.user).values_list("store__code", "role"))
    target = landing_url(request.user, roles)
    if target is not None:
        return redirect(target)
    data = briefing(request.user, request=request)
    context = {
        "briefing": data,
        "chart": chart_data(data),
        "show_chart": any(s.day or s.month for s in data.stores) and len(data.stores) > 0,
    }
    return render(request, "dashboards/briefing.html", context)
