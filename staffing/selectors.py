"""Reads of staffing: the catalogue with a store's norms and policy, its roster, and the headcount plan.

The gap report reads a store's plans, promotions, roster and planned headcount in a constant number of queries
(about ten), whatever the number of months, days or people; the arithmetic is staffing.domain's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from funnel.choices import PlanStatus
from funnel.models import DailyTarget, Plan, StagePlan
from promotions.choices import PromotionKind
from promotions.models import Promotion, PromotionPhase
from stores.models import Store

from .domain import (
    Absence,
    DayWork,
    MonthReport,
    PromotionSpan,
    RoleNorm,
    ServiceRules,
    UnderstaffedDay,
    day_requirements,
    day_work,
    days_of_month,
    gap_report,
    month_of,
    months_between,
    promotion_multipliers_by_day,
    promotion_span,
    roster_by_day,
    stage_listings,
    stint,
    unplanned_day,
)
from .models import Assignment, CapacityNorm, Person, PlannedHeadcount, StaffingPolicy, StaffRole, TimeOff

MAX_MONTHS = 24


def staff_roles() -> list[StaffRole]:
    return list(StaffRole.objects.order_by("position", "code"))


def staffing_policy(store: Store) -> StaffingPolicy:
    """The store's policy, or an unsaved one with the defaults (reading never writes)."""
    return StaffingPolicy.objects.filter(store=store).first() or StaffingPolicy(store=store)


def service_rules(policy: StaffingPolicy) -> ServiceRules:
    return ServiceRules(policy.service_start, policy.service_end, policy.hourly_profile, policy.workday_hours)


def store_norms(store: Store) -> dict[str, Decimal]:
    """The store's own norms by role code (roles without one use the catalogue's default)."""
    return dict(CapacityNorm.objects.filter(store=store).values_list("role__code", "value"))


def role_norms(store: Store, roles: list[StaffRole]) -> list[RoleNorm]:
    """Each role with the norm the store works to: its own, else the catalogue's."""
    own = store_norms(store)
    return [RoleNorm(r.code, r.norm_unit, own.get(r.code, r.default_norm), r.minimum_headcount) for r in roles]


def store_people(store: Store) -> QuerySet[Person]:
    """People with an assignment in ``store``, each with all their assignments (every store) and time off."""
    return (
        Person.objects.filter(pk__in=Assignment.objects.filter(store=store).values("person_id"))
        .select_related("user")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("store", "role")),
            Prefetch("time_off", queryset=TimeOff.objects.order_by("start_date")),
        )
        .order_by("name", "pk")
    )


def assignments_seen_by(people: Iterable[Person], readable_store_ids: Collection[int]) -> None:
    """Give each person (with ``assignments`` prefetched) what a reader of ``readable_store_ids`` sees of their
    assignments: ``shown_assignments`` in those stores, and ``elsewhere_share``, the sum of their shares in stores
    the reader may not see (None when there are none), which pages show as "other stores" without naming them."""
    for person in people:
        shown, elsewhere = [], None
        for assignment in person.assignments.all():
            if assignment.store_id in readable_store_ids:
                shown.append(assignment)
            else:
                elsewhere = (elsewhere or Decimal(0)) + assignment.share
        person.shown_assignments = shown
        person.elsewhere_share = elsewhere


def person_in_store(store: Store, pk: int) -> Person | None:
    return store_people(store).filter(pk=pk).first()


def _month_end(month: date) -> date:
    return days_of_month(month)[-1]


def _active_plans(store: Store, first: date, last: date) -> list[Plan]:
    stages = Prefetch("stages", queryset=StagePlan.objects.order_by("number"))
    return list(
        Plan.objects.filter(store=store, status=PlanStatus.ACTIVE, period_start__lte=last, period_end__gte=first)
        .order_by("period_start", "pk")
        .prefetch_related(stages)
    )


def _promotion_spans(store: Store, first: date, last: date) -> list[PromotionSpan]:
    """Every promotion of the store touching the range (the promotions app has no cancelled status: a cancelled
    promotion is deleted) with its busy days (``staffing.domain.promotion_span``: not the deposit weeks)."""
    promotions = Promotion.objects.filter(store=store, start_date__lte=last, end_date__gte=first).prefetch_related(
        Prefetch("phases", queryset=PromotionPhase.objects.only("promotion_id", "kind", "start_date", "end_date"))
    )
    return [
        promotion_span(
            promotion.kind,
            promotion.start_date,
            promotion.end_date,
            [(p.kind, p.start_date, p.end_date) for p in promotion.phases.all()],
        )
        for promotion in promotions
    ]


def day_works(store: Store, first: date, last: date, policy: StaffingPolicy) -> list[DayWork]:
    """What the store's active plans ask of each day from ``first`` to ``last``, promotion days multiplied: the one
    reading of a day's work behind the gap report and the rotas' required headcount."""
    plans = _active_plans(store, first, last)
    listings = {
        plan.pk: stage_listings([(s.number, s.start_date, s.end_date, s.listed_items) for s in plan.stages.all()])
        for plan in plans
    }
    weights = {plan.pk: plan.event_weights or {} for plan in plans}
    targets: dict[date, dict[str, Any]] = {}
    rows = DailyTarget.objects.filter(plan__in=[p.pk for p in plans], date__gte=first, date__lte=last).values(
        "plan_id", "date", "stage", "orders", "ad_spend"
    )
    order = {plan.pk: n for n, plan in enumerate(plans)}
    for row in rows:  # overlapping active plans: the one starting last wins
        known = targets.get(row["date"])
        if known is None or order[row["plan_id"]] > order[known["plan_id"]]:
            targets[row["date"]] = row
    multipliers = promotion_multipliers_by_day(
        _promotion_spans(store, first, last),
        {kind: policy.multiplier_for(kind) for kind in PromotionKind.values},
        policy.default_promotion_multiplier,
    )
    works = []
    day = first
    while day <= last:
        row = targets.get(day)
        if row is None:
            works.append(unplanned_day(day))
        else:
            works.append(
                day_work(
                    day,
                    row["orders"],
                    row["ad_spend"],
                    plan_weight=weights[row["plan_id"]].get(day.isoformat(), 1),
                    stage=row["stage"],
                    listings=listings[row["plan_id"]].get(row["stage"], (0, Decimal(0))),
                    promotion=multipliers.get(day),
                )
            )
        day += timedelta(days=1)
    return works


def roster_days(store: Store, first: date, last: date) -> dict[date, dict[str, Decimal]]:
    """FTE per role on each day of the range: two queries."""
    assignments = list(
        Assignment.objects.filter(store=store, person__start_date__lte=last)
        .filter(Q(person__end_date__isnull=True) | Q(person__end_date__gte=first))
        .select_related("person", "role")
    )
    stints = [
        stint(
            a.person_id,
            a.role.code,
            a.share,
            a.person.weekly_hours,
            (a.person.start_date, a.person.end_date),
            (a.start_date, a.end_date),
        )
        for a in assignments
    ]
    absences = [
        Absence(*row)
        for row in TimeOff.objects.filter(
            person_id__in={a.person_id for a in assignments}, start_date__lte=last, end_date__gte=first
        ).values_list("person_id", "start_date", "end_date")
    ]
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return roster_by_day(stints, absences, days)


def planned_headcounts(store: Store, first_month: date, last_month: date) -> dict[tuple[date, str], Decimal]:
    rows = PlannedHeadcount.objects.filter(store=store, month__gte=first_month, month__lte=last_month)
    return {(month, code): value for month, code, value in rows.values_list("month", "role__code", "headcount")}


@dataclass(frozen=True)
class StaffingGap:
    """A store's gap report over whole months, with what the page, the export and the API show."""

    store: Store
    roles: list[StaffRole]
    policy: StaffingPolicy
    months: list[MonthReport]
    works: tuple[DayWork, ...] = ()  # each day's work, which the rotas read too

    @property
    def understaffed(self) -> list[UnderstaffedDay]:
        return [day for month in self.months for day in month.understaffed]

    def chart(self) -> dict[str, Any]:
        """Totals over the roles per month, for the chart (the table is its text alternative)."""

        def total(month: MonthReport, attribute: str) -> float:
            return float(sum((getattr(row, attribute) or 0 for row in month.rows), Decimal(0)))

        return {
            "months": [m.month.strftime("%Y-%m") for m in self.months],
            "required": [total(m, "required") for m in self.months],
            "planned": [total(m, "planned") for m in self.months],
            "on_roster": [total(m, "on_roster") for m in self.months],
        }


def staffing_gap(store: Store, first_month: date, months: int, *, with_planned: bool = True) -> StaffingGap:
    """Required, planned and on-roster headcount per role for ``months`` months from ``first_month``
    (``with_planned=False`` skips reading the plan, for callers that only want the under-staffed days)."""
    months = max(1, min(months, MAX_MONTHS))
    span = months_between(month_of(first_month), months)
    first, last = span[0], _month_end(span[-1])
    roles = staff_roles()
    policy = staffing_policy(store)
    norms = role_norms(store, roles)
    rules = service_rules(policy)
    works = day_works(store, first, last, policy)
    required = {work.date: day_requirements(work, norms, rules) for work in works}
    roster = roster_days(store, first, last)
    planned = planned_headcounts(store, first, span[-1]) if with_planned else {}
    reports = gap_report(works, required, roster, planned, [r.code for r in roles])
    return StaffingGap(store, roles, policy, reports, tuple(works))


def understaffed_between(store: Store, first: date, last: date) -> list[UnderstaffedDay]:
    """Under-staffed days from ``first`` to ``last``, each judged against the level of its month."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    gap = staffing_gap(store, first, months, with_planned=False)
    return [day for day in gap.understaffed if first <= day.date <= last]
