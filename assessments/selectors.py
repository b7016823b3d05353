"""Reads for assessments: a store-month's inputs in a constant number of queries, the weights in force, and the
scorecards a user may see (the store's ops manager: everyone's; anyone else: only their own)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, QuerySet, Sum

from accounts.choices import Action
from orders.models import ServiceLog
from rollups.models import DayRollup
from staffing.models import Assignment, Person, StaffRole
from stores.models import Store
from stores.permissions import can

from .defaults import DEFAULT_WEIGHTS
from .domain import WEIGHT_FIELDS, MonthFigures, Thresholds, overall_total
from .models import AssessmentPeriod, AssessmentPolicy, RoleWeights, Scorecard, TeamworkScore

HUNDRED = Decimal(100)


def month_last(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class RoleWeightsRow:
    """The weights a role is assessed by in a store: its own row, or the defaults when it has none."""

    role: StaffRole
    values: dict[str, int]
    is_default: bool


def store_weights(store: Store) -> list[RoleWeightsRow]:
    """Every role of the catalogue with the weights in force in ``store`` (two queries)."""
    saved = {w.role_id: w for w in RoleWeights.objects.filter(store=store)}
    rows = []
    for role in StaffRole.objects.order_by("position", "code"):
        row = saved.get(role.pk)
        if row is not None:
            rows.append(RoleWeightsRow(role, {f: getattr(row, f) for f in WEIGHT_FIELDS}, False))
        else:
            rows.append(RoleWeightsRow(role, dict(DEFAULT_WEIGHTS[role.code]), True))
    return rows


def store_thresholds(store: Store) -> Thresholds:
    """The store's assessment policy as scoring thresholds (the defaults when it has none)."""
    policy = AssessmentPolicy.objects.filter(store=store).first()
    if policy is None:
        return Thresholds()
    return Thresholds(
        attainment_cap=policy.attainment_cap / HUNDRED,
        repeat_rate_target=policy.repeat_rate_target / HUNDRED,
        dsr_floor=policy.dsr_floor,
        dsr_good=policy.dsr_good,
        positive_floor=policy.positive_floor,
        positive_target=policy.positive_target,
    )


def month_figures(store: Store, month: date) -> MonthFigures:
    """The month's actuals and the plan's targets over the same days (those with actuals), the repeat rate's
    buyers over the days that report both, and the average of the ratings customer service logged (two queries)."""
    days = DayRollup.objects.filter(store=store, date__range=(month, month_last(month)), source__isnull=False)
    buyers = Q(paying_buyers__isnull=False, returning_buyers__isnull=False)
    # Aliased: an aggregate named like a field would shadow it in the filters of the others.
    sums = days.aggregate(
        a_uv=Sum("uv"),
        a_pv=Sum("pv"),
        a_orders=Sum("orders"),
        a_gmv=Sum("gmv"),
        a_target_uv=Sum("target_uv", filter=Q(uv__isnull=False)),
        a_target_orders=Sum("target_orders"),
        a_target_gmv=Sum("target_gmv", filter=Q(gmv__isnull=False)),
        a_paying_buyers=Sum("paying_buyers", filter=buyers),
        a_returning_buyers=Sum("returning_buyers", filter=buyers),
        a_days_with_actuals=Count("pk"),
    )
    ratings = ServiceLog.objects.filter(store=store, date__range=(month, month_last(month))).aggregate(
        a_rating_description=Avg("rating_description"),
        a_rating_service=Avg("rating_service"),
        a_rating_shipping=Avg("rating_shipping"),
        a_positive_rate=Avg("positive_rate"),
        a_days_with_ratings=Count(
            "pk",
            filter=Q(rating_description__isnull=False)
            | Q(rating_service__isnull=False)
            | Q(rating_shipping__isnull=False)
            | Q(positive_rate__isnull=False),
        ),
    )
    values = {key.removeprefix("a_"): value for key, value in {**sums, **ratings}.items()}
    return MonthFigures(**{k: (Decimal(str(v)) if isinstance(v, float) else v) for k, v in values.items()})


def month_assignments(store: Store, month: date) -> dict[Person, list[Assignment]]:
    """The people working in ``store`` at some point of the month (employed and assigned), with their roles."""
    last = month_last(month)
    rows = (
        Assignment.objects.filter(store=store, person__start_date__lte=last)
        .filter(Q(person__end_date__isnull=True) | Q(person__end_date__gte=month))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=last))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=month))
        .select_related("person", "role")
        .order_by("person__name", "person_id", "role__position")
    )
    people: dict[Person, list[Assignment]] = defaultdict(list)
    for assignment in rows:
        people[assignment.person].append(assignment)
    return dict(people)


def store_people(store: Store) -> QuerySet[Person]:
    """Everyone ever assigned to ``store``."""
    return Person.objects.filter(assignments__store=store).distinct().order_by("name", "pk")


def month_teamwork(store: Store, month: date) -> dict[int, TeamworkScore]:
    """person id -> the manager's teamwork score for the month."""
    return {t.person_id: t for t in TeamworkScore.objects.filter(store=store, month=month)}


def current_period(store: Store, month: date) -> AssessmentPeriod | None:
    """The month's latest version, or None before its first computation."""
    return AssessmentPeriod.objects.filter(store=store, month=month).order_by("-version").first()


def period_scorecards(period: AssessmentPeriod | None) -> list[Scorecard]:
    if period is None:
        return []
    return list(period.scorecards.select_related("person", "period__store").order_by("person__name", "person_id"))


def sees_everyone(user: Any, store: Store) -> bool:
    """Only whoever edits the store's staffing (its ops manager, or a superuser) sees colleagues' scorecards."""
    return can(user, Action.EDIT_STAFFING, store)


def visible_scorecards(user: Any, store: Store) -> QuerySet[Scorecard]:
    """The store's scorecards ``user`` may see: all of them for its ops manager, else only the user's own."""
    cards = Scorecard.objects.filter(period__store=store).select_related("person", "period__store")
    if sees_everyone(user, store):
        return cards
    if not isinstance(user, get_user_model()) or not user.is_authenticated:
        return cards.none()  # API clients and anonymous callers are nobody's person
    return cards.filter(person__user=user)


def person_history(cards: QuerySet[Scorecard]) -> list[Scorecard]:
    """Scorecards newest month first; within a month the current version first, then the earlier finalised ones."""
    return list(cards.order_by("-period__month", "-period__version", "person__name"))


def own_overall_by_month(user: Any) -> dict[date, Decimal | None]:
    """month -> a user's overall total across their stores (current versions, by their share in each), one query."""
    if not isinstance(user, get_user_model()):
        return {}
    latest: dict[tuple[date, int], Scorecard] = {}
    cards = Scorecard.objects.filter(person__user=user).select_related("period")
    for card in cards.order_by("period__month", "period__store_id", "-period__version"):
        latest.setdefault((card.period.month, card.period.store_id), card)
    by_month: dict[date, list[tuple[Decimal | None, Decimal]]] = defaultdict(list)
    for (month, _store), card in latest.items():
        by_month[month].append((card.total, card.share))
    return {month: overall_total(pairs) for month, pairs in by_month.items()}
