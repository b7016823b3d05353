"""Pages that show scorecards: the store's month (its ops manager), a person's history, one's own cards, export.

Only whoever edits a store's staffing (its ops manager) sees colleagues' scorecards; everyone else in the store
sees their own, through the page "my scorecards", and nobody else's."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import login_only, store_rule, with_rule
from accounts.choices import Action
from core.dates import local_date, month_or
from core.months import shift_month
from core.numbers import rounded
from core.spreadsheet import FORMATS, export_response
from staffing.models import Person
from stores.permissions import stores_for

from .exports import scorecards_table
from .models import AssessmentPeriod
from .selectors import (
    month_assignments,
    own_overall_by_month,
    period_scorecards,
    person_history,
    sees_everyone,
    store_people,
    visible_scorecards,
)

GROUPS = ("results", "satisfaction", "teamwork")
VIEW = store_rule(Action.VIEW)
MANAGE = store_rule(Action.EDIT_STAFFING)


def store_today(request: HttpRequest) -> date:
    return local_date(request.store.time_zone, timezone.now())


def chosen_month(request: HttpRequest, text: str | None = None) -> date:
    """The month named ``YYYY-MM`` (in the query unless given); by default last month, the one to assess."""
    text = request.GET.get("month") if text is None else text
    return month_or(text, shift_month(store_today(request).replace(day=1), -1))


def _period(request: HttpRequest, month: date) -> tuple[AssessmentPeriod | None, list[AssessmentPeriod]]:
    """The version asked for (``?version=``), else the current one, and every version of the month."""
    versions = list(AssessmentPeriod.objects.filter(store=request.store, month=month).order_by("-version"))
    wanted = request.GET.get("version", "")
    chosen = next((p for p in versions if str(p.version) == wanted), versions[0] if versions else None)
    return chosen, versions


@login_only
def home(request: HttpRequest) -> HttpResponse:
    """The user's stores, each linking to its scorecards (ops managers) or to the user's own."""
    managed = set(stores_for(request.user, Action.EDIT_STAFFING).values_list("pk", flat=True))
    stores = [(store, store.pk in managed) for store in stores_for(request.user).order_by("name")]
    return render(request, "assessments/home.html", {"stores": stores})


def _chart(cards: list) -> dict:
    scored = [c for c in cards if c.total is not None]
    return {
        "names": [c.person.name for c in scored],
        "totals": [float(rounded(c.total, 1)) for c in scored],
        "label": _("Total score"),
    }


@with_rule(MANAGE)
def scorecards(request: HttpRequest, store: str) -> HttpResponse:
    """The month's scorecards of everyone in the store, sortable, with the inputs behind each and a chart."""
    month = chosen_month(request)
    period, versions = _period(request, month)
    cards = period_scorecards(period)
    assigned = month_assignments(request.store, month)
    scored = {c.person_id for c in cards}
    context = {
        "store": request.store,
        "month": month,
        "previous": shift_month(month, -1),
        "next": shift_month(month, 1),
        "period": period,
        "versions": versions,
        "is_current": period is not None and period == versions[0],
        "cards": cards,
        "unscored": [p for p in assigned if p.pk not in scored] if period else [],
        "chart": _chart(cards),
        "groups": GROUPS,
        "manages": True,
        "tab": "scorecards",
    }
    return render(request, "assessments/scorecards.html", context)


@with_rule(MANAGE)
def person_detail(request: HttpRequest, store: str, person: int) -> HttpResponse:
    """One person's scorecards in the store, month after month, every finalised version kept."""
    someone = get_object_or_404(store_people(request.store), pk=person)
    cards = person_history(visible_scorecards(request.user, request.store).filter(person=someone))
    context = {
        "store": request.store,
        "person": someone,
        "cards": cards,
        "own": False,
        "groups": GROUPS,
        "manages": True,
        "tab": "scorecards",
    }
    return render(request, "assessments/history.html", context)


@with_rule(VIEW)
def mine(request: HttpRequest, store: str) -> HttpResponse:
    """The signed-in person's own scorecards in the store, with their overall total across their stores."""
    person = Person.objects.filter(user=request.user).first()
    cards = person_history(visible_scorecards(request.user, request.store).filter(person__user=request.user))
    context = {
        "store": request.store,
        "person": person,
        "cards": cards,
        "own": True,
        "overall": sorted(own_overall_by_month(request.user).items(), reverse=True),
        "groups": GROUPS,
        "manages": sees_everyone(request.user, request.store),
        "tab": "mine",
    }
    return render(request, "assessments/history.html", context)


@with_rule(MANAGE)
def export(request: HttpRequest, store: str, fmt: str) -> HttpResponse:
    """The month's scorecards (the version shown) as CSV or XLSX, cells safe from formulas."""
    if fmt not in FORMATS:
        raise Http404
    month = chosen_month(request)
    period, _versions = _period(request, month)
    table = scorecards_table(request.store, month, period_scorecards(period))
    return export_response(table, fmt, f"{store}-assessments-{month:%Y-%m}")
