"""Deadlines of promotions that need a reminder: what the alerts call every day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from stores.models import Store

from .domain import DECIDED_STATUSES, ReminderState
from .models import Promotion
from .selectors import promotion_plans, promotions_with_details

STOCK_DECISION = "stock_decision"
FACTORY_ORDER = "factory_order"


@dataclass(frozen=True)
class PromotionReminder:
    """One deadline of one promotion: ``kind`` is stock_decision or factory_order, ``state`` due or overdue."""

    store: Store
    promotion: Promotion
    kind: str
    deadline: date
    state: ReminderState
    days_left: int  # negative once overdue
    shortfall: int  # units short at the start, as projected on as_of

    @property
    def key(self) -> str:
        """Stable per promotion and deadline, for an alert that should be raised once and resolved later."""
        return f"promotion:{self.promotion.pk}:{self.kind}"


def promotion_reminders(stores: Iterable[Store] | QuerySet[Store], as_of: date) -> list[PromotionReminder]:
    """Promotions of ``stores`` whose stock decision or factory order-by date is within the store's
    reminder_days of ``as_of`` (or passed) while the stock is undecided, soonest first.

    A constant number of queries for any number of stores and promotions."""
    candidates = list(
        promotions_with_details()
        .filter(store__in=stores, end_date__gte=as_of)
        .exclude(status__in=list(DECIDED_STATUSES))
        .order_by("start_date", "pk")
    )
    reminders = []
    for plan in promotion_plans(candidates, as_of):
        for kind, deadline, state in (
            (STOCK_DECISION, plan.decision_deadline, plan.decision_state),
            (FACTORY_ORDER, plan.order_by, plan.order_state),
        ):
            if deadline is not None and state != ReminderState.NONE:
                reminders.append(
                    PromotionReminder(
                        plan.promotion.store,
                        plan.promotion,
                        kind,
                        deadline,
                        state,
                        (deadline - as_of).days,
                        plan.total_shortfall,
                    )
                )
    return sorted(reminders, key=lambda r: (r.deadline, r.promotion.pk, r.kind))
