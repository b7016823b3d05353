"""The month calendar: promotions as bars in week rows, with phase, deadline and stock-risk markers per day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.months import Bar, Span, month_weeks, shift_month, week_bars
from stores.models import Store

from .domain import ReminderState
from .selectors import PromotionPlan, promotion_plans, promotions_in


@dataclass(frozen=True)
class Marker:
    """Something due on a day: ``kind`` is decision, order_by or phase; ``state`` a reminder state."""

    kind: str
    label: str
    plan: PromotionPlan
    state: str = ReminderState.NONE


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    markers: list[Marker] = field(default_factory=list)


@dataclass(frozen=True)
class PlacedBar:
    bar: Bar
    plan: PromotionPlan

    @property
    def grid_row(self) -> int:
        return self.bar.lane + 2  # row 1 holds the day numbers and markers


@dataclass(frozen=True)
class Week:
    days: list[Day]
    bars: list[PlacedBar]

    @property
    def lanes(self) -> int:
        return max((placed.bar.lane + 1 for placed in self.bars), default=0)


@dataclass(frozen=True)
class Month:
    first: date
    previous: date
    next: date
    weeks: list[Week]
    plans: list[PromotionPlan]

    @property
    def at_risk(self) -> list[PromotionPlan]:
        return [plan for plan in self.plans if plan.at_risk]


def calendar_month(stores: Iterable[Store] | QuerySet[Store], first: date, as_of: date) -> Month:
    """The month of ``first`` for ``stores``: promotions running in it or with a deadline in it.

    Deadlines fall before a promotion starts (order-by dates by up to lead time + safety days), so promotions
    starting up to 120 days after the month are read too, and only their markers are shown."""
    weeks = month_weeks(first)
    grid_first, grid_last = weeks[0][0], weeks[-1][-1]
    promotions = promotions_in(stores, grid_first, shift_month(first, 5))
    plans = promotion_plans(promotions, as_of)
    markers = _markers(plans)
    spans = [Span(plan.promotion.pk, plan.promotion.start_date, plan.promotion.end_date) for plan in plans]
    by_pk = {plan.promotion.pk: plan for plan in plans}
    visible = [plan for plan in plans if _touches(plan, markers, grid_first, grid_last)]
    return Month(
        first=first,
        previous=shift_month(first, -1),
        next=shift_month(first, 1),
        weeks=[
            Week(
                days=[Day(day, day.month == first.month, day == as_of, markers.get(day, [])) for day in week],
                bars=[PlacedBar(bar, by_pk[bar.key]) for bar in week_bars(week, spans)],
            )
            for week in weeks
        ],
        plans=visible,
    )


def _touches(plan: PromotionPlan, markers: dict[date, list[Marker]], first: date, last: date) -> bool:
    promotion = plan.promotion
    if promotion.start_date <= last and promotion.end_date >= first:
        return True
    return any(first <= day <= last and any(m.plan is plan for m in found) for day, found in markers.items())


def _markers(plans: Iterable[PromotionPlan]) -> dict[date, list[Marker]]:
    found: dict[date, list[Marker]] = defaultdict(list)
    for plan in plans:
        name = plan.promotion.name
        found[plan.decision_deadline].append(
            Marker("decision", _("Stock decision: %(name)s") % {"name": name}, plan, plan.decision_state)
        )
        if plan.order_by is not None:
            found[plan.order_by].append(
                Marker("order_by", _("Factory order-by: %(name)s") % {"name": name}, plan, plan.order_state)
            )
        for phase in plan.promotion.phases.all():
            label = _("%(phase)s: %(name)s") % {"phase": phase.get_kind_display(), "name": name}
            found[phase.start_date].append(Marker("phase", label, plan))
    return found
