"""Reads of staffing: the catalogue with a store's norms and policy, its roster, and the headcount plan.

The gap report reads a store's plans, promotions, roster and planned headcount in a constant number of queries
(about ten), whatever the number of months, days or people; the arithmetic is staffing.domain's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
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
    return staffing_policies([store])[store.pk]


def staffing_policies(stores: Sequence[Store]) -> dict[int, StaffingPolicy]:
    """:func:`staffing_policy` of each store, in one query."""
    saved = {p.store_id: p for p in StaffingPolicy.objects.filter(store_id__in=[s.pk for s in stores])}
    return {s.pk: saved.get(s.pk) or StaffingPolicy(store=s) for s in stores}


def service_rules(policy: StaffingPolicy) -> ServiceRules:
    return ServiceRules(policy.service_start, policy.service_end, policy.hourly_profile, policy.workday_hours)


def store_norms(store: Store) -> dict[str, Decimal]:
    """The store's own norms by role code (roles without one use the catalogue's default)."""
    return stores_norms([store])[store.pk]


def stores_norms(stores: Sequence[Store]) -> dict[int, dict[str, Decimal]]:
    """:func:`store_norms` of each store, in one query."""
    found: dict[int, dict[str, Decimal]] = {s.pk: {} for s in stores}
    for store_id, code, value in CapacityNorm.objects.filter(store_id__in=list(found)).values_list(
        "store_id", "role__code", "value"
    ):
        found[store_id][code] = value
    return found


def role_norms(own: dict[str, Decimal], roles: list[StaffRole]) -> list[RoleNorm]:
    """Each role with the norm a store works to: its ``own`` (:func:`store_norms`), else the catalogue's."""
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


def _active_plans(stores: Sequence[Store], first: date, last: date) -> dict[int, list[Plan]]:
    stages = Prefetch("stages", queryset=StagePlan.objects.order_by("number"))
    found: dict[int, list[Plan]] = {s.pk: [] for s in stores}
    for plan in (
        Plan.objects.filter(
            store_id__in=list(found), status=PlanStatus.ACTIVE, period_start__lte=last, period_end__gte=first
        )
        .order_by("period_start", "pk")
        .prefetch_related(stages)
    ):
        found[plan.store_id].append(plan)
    return found


def _promotion_spans(stores: Sequence[Store], first: date, last: date) -> dict[int, list[PromotionSpan]]:
    """Every promotion of each store touching the range (the promotions app has no cancelled status: a cancelled
    promotion is deleted) with its busy days (``staffing.domain.promotion_span``: not the deposit weeks)."""
    promotions = Promotion.objects.filter(
        store_id__in=[s.pk for s in stores], start_date__lte=last, end_date__gte=first
    ).prefetch_related(
        Prefetch("phases", queryset=PromotionPhase.objects.only("promotion_id", "kind", "start_date", "end_date"))
    )
    found: dict[int, list[PromotionSpan]] = {s.pk: [] for s in stores}
    for promotion in promotions:
        found[promotion.store_id].append(
            promotion_span(
                promotion.kind,
                promotion.start_date,
                promotion.end_date,
                [(p.kind, p.start_date, p.end_date) for p in promotion.phases.all()],
            )
        )
    return found


def day_works(store: Store, first: date, last: date, policy: StaffingPolicy) -> list[DayWork]:
    """What the store's active plans ask of each day from ``first`` to ``last``, promotion days multiplied: the one
    reading of a day's work behind the gap report and the rotas' required headcount."""
    return stores_day_works([store], first, last, {store.pk: policy})[store.pk]


def stores_day_works(
    stores: Sequence[Store], first: date, last: date, policies: Mapping[int, StaffingPolicy]
) -> dict[int, list[DayWork]]:
    """:func:`day_works` of each store (``policies``: store id -> its policy), in five queries however many."""
    plans = _active_plans(stores, first, last)
    rows = DailyTarget.objects.filter(
        plan__in=[p.pk for mine in plans.values() for p in mine], date__gte=first, date__lte=last
    ).values("plan_id", "date", "stage", "orders", "ad_spend")
    targets_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        targets_of[row["plan_id"]].append(row)
    spans = _promotion_spans(stores, first, last)
    return {s.pk: _day_works(first, last, policies[s.pk], plans[s.pk], targets_of, spans[s.pk]) for s in stores}


def _day_works(
    first: date,
    last: date,
    policy: StaffingPolicy,
    plans: list[Plan],
    targets_of: Mapping[int, list[dict[str, Any]]],
    spans: list[PromotionSpan],
) -> list[DayWork]:
    listings = {
        plan.pk: stage_listings([(s.number, s.start_date, s.end_date, s.listed_items) for s in plan.stages.all()])
        for plan in plans
    }
    weights = {plan.pk: plan.event_weights or {} for plan in plans}
    targets: dict[date, dict[str, Any]] = {}
    order = {plan.pk: n for n, plan in enumerate(plans)}
    for row in (row for plan in plans for row in targets_of.get(plan.pk, ())):
        # overlapping active plans: the one starting last wins
        known = targets.get(row["date"])
        if known is None or order[row["plan_id"]] > order[known["plan_id"]]:
            targets[row["date"]] = row
    multipliers = promotion_multipliers_by_day(
        spans,
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
    return stores_roster_days([store], first, last)[store.pk]


def stores_roster_days(stores: Sequence[Store], first: date, last: date) -> dict[int, dict[date, dict[str, Decimal]]]:
    """:func:`roster_days` of each store: two queries however many."""
    assignments = list(
        Assignment.objects.filter(store_id__in=[s.pk for s in stores], person__start_date__lte=last)
        .filter(Q(person__end_date__isnull=True) | Q(person__end_date__gte=first))
        .select_related("person", "role")
    )
    stints: dict[int, list] = {s.pk: [] for s in stores}
    for a in assignments:
        stints[a.store_id].append(
            stint(
                a.person_id,
                a.role.code,
                a.share,
                a.person.weekly_hours,
                (a.person.start_date, a.person.end_date),
                (a.start_date, a.end_date),
            )
        )
    absences: dict[int, list[Absence]] = defaultdict(list)
    for row in TimeOff.objects.filter(
        person_id__in={a.person_id for a in assignments}, start_date__lte=last, end_date__gte=first
    ).values_list("person_id", "start_date", "end_date"):
        absences[row[0]].append(Absence(*row))
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return {
        store_id: roster_by_day(
            mine, [absence for person in dict.fromkeys(s.person_id for s in mine) for absence in absences[person]], days
        )
        for store_id, mine in stints.items()
    }


def planned_headcounts(store: Store, first_month: date, last_month: date) -> dict[tuple[date, str], Decimal]:
    return stores_planned_headcounts([store], first_month, last_month)[store.pk]


def stores_planned_headcounts(
    stores: Sequence[Store], first_month: date, last_month: date
) -> dict[int, dict[tuple[date, str], Decimal]]:
    """:func:`planned_headcounts` of each store, in one query."""
    found: dict[int, dict[tuple[date, str], Decimal]] = {s.pk: {} for s in stores}
    rows = PlannedHeadcount.objects.filter(store_id__in=list(found), month__gte=first_month, month__lte=last_month)
    for store_id, month, code, value in rows.values_list("store_id", "month", "role__code", "headcount"):
        found[store_id][(month, code)] = value
    return found


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
    return staffing_gaps([store], first_month, months, with_planned=with_planned)[store.pk]


def staffing_gaps(
    stores: Sequence[Store], first_month: date, months: int, *, with_planned: bool = True
) -> dict[int, StaffingGap]:
    """:func:`staffing_gap` of each store over the same months, in a constant number of queries however many."""
    months = max(1, min(months, MAX_MONTHS))
    span = months_between(month_of(first_month), months)
    first, last = span[0], _month_end(span[-1])
    roles = staff_roles()
    policies = staffing_policies(stores)
    norms = stores_norms(stores)
    works = stores_day_works(stores, first, last, policies)
    roster = stores_roster_days(stores, first, last)
    planned = stores_planned_headcounts(stores, first, span[-1]) if with_planned else {}
    found = {}
    for store in stores:
        policy, mine = policies[store.pk], works[store.pk]
        rules, own = service_rules(policy), role_norms(norms[store.pk], roles)
        required = {work.date: day_requirements(work, own, rules) for work in mine}
        reports = gap_report(mine, required, roster[store.pk], planned.get(store.pk, {}), [r.code for r in roles])
        found[store.pk] = StaffingGap(store, roles, policy, reports, tuple(mine))
    return found


def understaffed_between(store: Store, first: date, last: date) -> list[UnderstaffedDay]:
    """Under-staffed days from ``first`` to ``last``, each judged against the level of its month."""
    return stores_understaffed_between([store], first, last)[store.pk]


def stores_understaffed_between(stores: Sequence[Store], first: date, last: date) -> dict[int, list[UnderstaffedDay]]:
    """:func:`understaffed_between` of each store, in a constant number of queries however many."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    gaps = staffing_gaps(stores, first, months, with_planned=False)
    return {store_id: [day for day in gap.understaffed if first <= day.date <= last] for store_id, gap in gaps.items()}
