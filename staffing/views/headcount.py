"""Pages of the headcount plan: the gap report (with its export) and the planned headcount grid."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import with_rule
from core import numbers
from core.dates import month_or
from core.spreadsheet import FORMATS, export_response
from promotions.choices import PromotionKind

from ..domain import month_of, months_between
from ..exports import gap_table
from ..forms import PlannedGridForm
from ..selectors import MAX_MONTHS, planned_headcounts, staff_roles, staffing_gap, store_norms
from ..services import StaffingInvalid, planned_headcount_seed, planned_headcount_set
from .common import EDIT, VIEW, can_edit, store_today

DEFAULT_MONTHS = 6


def _span(request: HttpRequest, today: date) -> tuple[date, int]:
    """?from=YYYY-MM (this month by default) and ?months=N (6, at most 24)."""
    first = month_or(request.GET.get("from"), month_of(today))
    try:
        months = min(max(int(request.GET.get("months", DEFAULT_MONTHS)), 1), MAX_MONTHS)
    except ValueError:
        months = DEFAULT_MONTHS
    return first, months


@with_rule(VIEW)
def gap_report(request: HttpRequest, store: str) -> HttpResponse:
    """Required against planned against on-roster headcount per role and month, and the under-staffed days;
    ?format=csv|xlsx downloads the table."""
    today = store_today(request.store)
    first, months = _span(request, today)
    gap = staffing_gap(request.store, first, months)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return export_response(gap_table(gap), fmt, f"staffing-gap-{request.store.code}-{first:%Y-%m}")
    own = store_norms(request.store)
    names = {role.code: role.name for role in gap.roles}
    kinds = dict(PromotionKind.choices)
    context = {
        "store": request.store,
        "gap": gap,
        "months_rows": [(m, [(names[r.role], r) for r in m.rows]) for m in gap.months],
        "understaffed": [
            (day, kinds.get(day.promotion), [(names[s.role], s) for s in day.shortages]) for day in gap.understaffed
        ],
        "chart_labels": {"required": _("Required"), "planned": _("Planned"), "on_roster": _("On roster")},
        "norms": [(role, own.get(role.code, role.default_norm)) for role in gap.roles],
        "first": first,
        "months": months,
        "today": today,
        "can_edit": can_edit(request),
        "tab": "gap",
        "query": f"from={first:%Y-%m}&months={months}",
    }
    return render(request, "staffing/gap_report.html", context)


@with_rule(EDIT)
def planned(request: HttpRequest, store: str) -> HttpResponse:
    """The planned headcount grid: months by roles, saved all at once."""
    today = store_today(request.store)
    first, count = _span(request, today)
    months = months_between(first, count)
    roles = staff_roles()
    form = PlannedGridForm(
        request.POST if request.method == "POST" else None,
        months=months,
        roles=roles,
        planned=planned_headcounts(request.store, months[0], months[-1]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for month, values in form.values().items():
                    planned_headcount_set(request.store, month, values)
        except StaffingInvalid as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved the planned headcount."))
            return redirect(f"{request.path}?from={first:%Y-%m}&months={count}")
    context = {"store": request.store, "form": form, "roles": roles, "first": first, "months": count, "tab": "planned"}
    return render(request, "staffing/planned.html", context, status=400 if form.errors else 200)


@require_POST
@with_rule(EDIT)
def planned_seed(request: HttpRequest, store: str) -> HttpResponse:
    """Fill the months without a plan from the playbook's starting team, grown with the requirement."""
    first, count = _span(request, store_today(request.store))
    added = planned_headcount_seed(request.store, first, count)
    messages.success(
        request, _("Planned %(n)s role-months; months planned already were kept.") % {"n": numbers.count(added)}
    )
    return redirect(f"{reverse('staffing:planned', kwargs={'store': store})}?from={first:%Y-%m}&months={count}")
