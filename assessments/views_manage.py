"""The ops manager's assessment pages: weights per role, teamwork scores, computing and finalising a month."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import with_rule
from core import numbers
from core.forms import service_errors_apply

from .domain import WEIGHT_FIELDS
from .forms import MonthForm, RoleWeightsForm, TeamworkForm
from .selectors import month_assignments, month_teamwork, store_thresholds, store_weights
from .services import (
    AssessmentInvalid,
    MonthFinalised,
    month_compute,
    month_finalise,
    role_weights_reset,
    role_weights_set,
    teamwork_score_give,
)
from .views import MANAGE, chosen_month


def _scorecards_url(store: str, month) -> str:
    return f"{reverse('assessments:scorecards', kwargs={'store': store})}?month={month:%Y-%m}"


@with_rule(MANAGE)
def weights(request: HttpRequest, store: str) -> HttpResponse:
    """Every role's weights (its own or the defaults), and the form for the role chosen (``?role=``)."""
    rows = store_weights(request.store)
    by_code = {row.role.code: row for row in rows}
    code = request.POST.get("role") or request.GET.get("role") or rows[0].role.code
    if code not in by_code:
        code = rows[0].role.code
    chosen = by_code[code]
    form = RoleWeightsForm(request.POST or None, initial=chosen.values)
    status = 200
    if request.method == "POST":
        if request.POST.get("reset"):
            role_weights_reset(request.store, chosen.role)
            messages.success(request, _("%(role)s is assessed by the default weights again.") % {"role": chosen.role})
            return redirect(f"{request.path}?role={code}")
        if form.is_valid():
            try:
                role_weights_set(request.store, chosen.role, form.values(), request.user)
            except AssessmentInvalid as exc:
                service_errors_apply(form, exc)
            else:
                messages.success(request, _("Weights of %(role)s saved.") % {"role": chosen.role})
                return redirect(f"{request.path}?role={code}")
        status = 422
    context = {
        "store": request.store,
        "rows": rows,
        "chosen": chosen,
        "form": form,
        "thresholds": store_thresholds(request.store),
        "fields": WEIGHT_FIELDS,
        "manages": True,
        "tab": "weights",
    }
    return render(request, "assessments/weights.html", context, status=status)


@with_rule(MANAGE)
def teamwork(request: HttpRequest, store: str) -> HttpResponse:
    """Teamwork scores (0–100, with a comment) for everyone working in the store in the month."""
    month = chosen_month(request, request.POST.get("month") if request.method == "POST" else None)
    people = month_assignments(request.store, month)
    form = TeamworkForm(request.POST or None, people=people, given=month_teamwork(request.store, month))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = 0
            try:
                with transaction.atomic():  # all the rows or none
                    for person, score, comment in form.scores():
                        teamwork_score_give(request.store, person, month, score, comment, request.user)
                        saved += 1
            except AssessmentInvalid as exc:
                service_errors_apply(form, exc)
            else:
                messages.success(request, _("%(n)s teamwork scores saved.") % {"n": numbers.count(saved)})
                return redirect(f"{request.path}?month={month:%Y-%m}")
        status = 422
    context = {"store": request.store, "month": month, "form": form, "manages": True, "tab": "teamwork"}
    return render(request, "assessments/teamwork.html", context, status=status)


@require_POST
@with_rule(MANAGE)
def compute(request: HttpRequest, store: str) -> HttpResponse:
    """Compute the month's scorecards; a finalised month is only recomputed into a new version when asked to."""
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a month to compute."))
        return redirect("assessments:scorecards", store=store)
    month = form.cleaned_data["month"]
    try:
        period = month_compute(
            request.store, month, timezone.now(), request.user, new_version=form.cleaned_data["new_version"]
        )
    except MonthFinalised as exc:
        messages.error(
            request,
            _("Version %(version)s of this month is finalised and stays as it is; compute a new version instead.")
            % {"version": exc.period.version},
        )
    else:
        messages.success(
            request,
            _("Scorecards of %(month)s computed (version %(version)s).")
            % {"month": f"{month:%Y-%m}", "version": period.version},
        )
    return redirect(_scorecards_url(store, month))


@require_POST
@with_rule(MANAGE)
def finalise(request: HttpRequest, store: str) -> HttpResponse:
    """Lock the month's current version."""
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a month to finalise."))
        return redirect("assessments:scorecards", store=store)
    month = form.cleaned_data["month"]
    try:
        period = month_finalise(request.store, month, timezone.now(), request.user)
    except AssessmentInvalid as exc:
        for problems in exc.errors.values():
            for message in problems:
                messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(version)s of %(month)s finalised.") % {"version": period.version, "month": f"{month:%Y-%m}"},
        )
    return redirect(_scorecards_url(store, month))
