"""Rota pages: the stores' roles, a role's month calendar with its coverage warnings, generating a rota, and
the shifts of the signed-in person."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import LOGIN, store_rule, with_rule
from accounts.choices import Action
from core import numbers
from core.dates import local_date, month_or
from core.text import joined
from staffing.models import Assignment, StaffRole
from stores.permissions import can, stores_for

from .calendar import rota_month
from .forms import GenerateForm, ShiftForm, default_range
from .selectors import my_shifts, staff_role
from .services import MIN_PEOPLE, RotaInvalid, rota_generate
from .staffing_check import staffing_check

VIEW = store_rule(Action.VIEW)
EDIT = store_rule(Action.EDIT_STAFFING)
MY_SHIFTS_DAYS = 60


def store_today(request: HttpRequest) -> date:
    return local_date(request.store.time_zone, timezone.now())


def role_of(code: str) -> StaffRole:
    role = staff_role(code)
    if role is None:
        raise Http404
    return role


def calendar_url(store: str, role: str, month: date | None = None) -> str:
    url = reverse("rotas:rota_calendar", kwargs={"store": store, "role": role})
    return f"{url}?month={month:%Y-%m}" if month else url


@with_rule(LOGIN)
def home(request: HttpRequest) -> HttpResponse:
    """The user's stores, each with its roles' rotas, and a link to their own shifts."""
    stores = list(stores_for(request.user, Action.VIEW).order_by("name"))
    counts: dict[tuple[int, int], int] = {}
    rows = Assignment.objects.filter(store__in=stores).values_list("store_id", "role_id")
    for key in rows:
        counts[key] = counts.get(key, 0) + 1
    roles = list(StaffRole.objects.order_by("position"))
    table = [(store, [(role, counts.get((store.pk, role.pk), 0)) for role in roles]) for store in stores]
    return render(request, "rotas/home.html", {"table": table, "roles": roles})


@with_rule(LOGIN)
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in person's shifts for the coming weeks, in every store."""
    today = timezone.localdate()
    person = getattr(request.user, "staff_person", None)
    shifts = my_shifts(request.user, today - timedelta(days=1), today + timedelta(days=MY_SHIFTS_DAYS))
    context = {"person": person, "shifts": shifts, "days": MY_SHIFTS_DAYS, "today": today}
    return render(request, "rotas/mine.html", context)


@with_rule(VIEW)
def rota_calendar(request: HttpRequest, store: str, role: str) -> HttpResponse:
    """A role's month: each day's shifts and who works them, the coverage warnings next to it."""
    staff = role_of(role)
    as_of = store_today(request)
    month = rota_month(request.store, staff, month_or(request.GET.get("month"), as_of.replace(day=1)), as_of)
    people = Assignment.objects.filter(store=request.store, role=staff).count()
    can_edit = can(request.user, Action.EDIT_STAFFING, request.store)
    check = staffing_check(request.store, staff, month.first, month.report) if month.patterns else None
    context = {
        "check": check,
        "store": request.store,
        "role": staff,
        "month": month,
        "people_count": people,
        "enough_people": people >= MIN_PEOPLE,
        "min_people": MIN_PEOPLE,
        "can_edit": can_edit,
        "generate_form": GenerateForm(initial=default_range(month.first)) if can_edit else None,
        "move_form": ShiftForm(store=request.store, role=staff) if can_edit else None,
    }
    return render(request, "rotas/calendar.html", context)


@require_POST
@with_rule(EDIT)
def generate(request: HttpRequest, store: str, role: str) -> HttpResponse:
    """Generate the role's rota for a range: planned shifts are replaced, confirmed ones kept."""
    staff = role_of(role)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(calendar_url(store, role))
    first, last = form.cleaned_data["start"], form.cleaned_data["end"]
    try:
        result = rota_generate(request.store, staff, first, last, request.user)
    except RotaInvalid as exc:
        for errors in exc.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(calendar_url(store, role, first.replace(day=1)))
    message = _("Rota generated: %(created)s shifts planned, %(kept)s confirmed shifts kept.") % {
        "created": numbers.count(result.created),
        "kept": numbers.count(result.kept),
    }
    if result.report.shortfall:
        reasons = joined(f"{label} {numbers.count(count)}" for _reason, label, count in result.report.reasons())
        message += " " + _("%(count)s shifts could not be covered (%(reasons)s); see why next to the calendar.") % {
            "count": numbers.count(result.report.shortfall),
            "reasons": reasons,
        }
    messages.success(request, message)
    return redirect(calendar_url(store, role, first.replace(day=1)))
