"""The store dashboard's operations panels: stock risks, upcoming promotions with their deadlines, best-sellers,
and staffing (required against on roster this month, the next under-staffed days).

Each reads in bulk through the inventory and promotions selectors, so the dashboard's query count does not
grow with the number of products or promotions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from funnel.models import Plan
from inventory.selectors import ProductPlanning, daily_sales_by_product
from promotions.models import Promotion
from promotions.planning import product_planning
from promotions.selectors import PromotionPlan, promotion_plans, promotions_in
from staffing.domain import month_of
from staffing.selectors import staffing_gap
from stores.models import Store

from ..domain import Shade

PROMOTION_HORIZON = 60  # days ahead the dashboard lists promotions
STOCK_RISKS_SHOWN = 12
UNDERSTAFFED_SHOWN = 5


@dataclass(frozen=True)
class StockRisk:
    """A product the manager should look at, with the reason and how urgent it is (0 most)."""

    planning: ProductPlanning
    reason: str
    urgency: int


def stock_risks(rows: list[ProductPlanning]) -> list[StockRisk]:
    """Out of stock but listed, then negative stock, then a projected stock-out, then below the reorder point."""
    risks = []
    for row in rows:
        product = row.product
        if row.is_out_of_stock and product.is_listed:
            risks.append(StockRisk(row, "out_listed", 0))
        elif row.is_negative:
            risks.append(StockRisk(row, "negative", 1))
        elif product.is_listed and row.first_stockout is not None:
            risks.append(StockRisk(row, "stockout", 2))
        elif row.below_reorder_point:
            risks.append(StockRisk(row, "reorder", 3))
    return sorted(risks, key=lambda r: (r.urgency, r.planning.first_stockout or date.max, r.planning.product.code))


def promotion_shades(promotions: list[Promotion], label: str) -> list[Shade]:
    return [Shade(p.start_date, p.end_date, label, kind="promotion") for p in promotions]


def store_promotions(store: Store, first: date, last: date, today: date) -> list[Promotion]:
    """The store's promotions touching the charts' window or the coming horizon, read once for both."""
    return promotions_in([store], min(first, today), max(last, today + timedelta(days=PROMOTION_HORIZON)))


def upcoming_promotions(promotions: list[Promotion], today: date) -> list[PromotionPlan]:
    """Promotions not done, running or starting within the horizon, with their stock tables and deadlines."""
    horizon = today + timedelta(days=PROMOTION_HORIZON)
    upcoming = [p for p in promotions if p.status != "done" and p.end_date >= today and p.start_date <= horizon]
    return promotion_plans(upcoming, today)


def bestseller_progress(plan: Plan | None, rows: list[ProductPlanning], today: date) -> dict[str, Any] | None:
    """Main-push items' sales in the current stage against the stage's best-seller target (one query)."""
    if plan is None:
        return None
    stage = next((s for s in plan.stages.all() if s.start_date <= today <= s.end_date), None)
    main_push = [row.product for row in rows if row.product.is_main_push]
    if stage is None:
        return None
    sales = daily_sales_by_product([p.pk for p in main_push], stage.start_date, today - timedelta(days=1))
    target = stage.bestseller_sales or 0
    items = []
    for product in main_push:
        sold = sum(sales.get(product.pk, {}).values())
        items.append(
            {
                "product": product,
                "sold": sold,
                "target": target,
                "percent": min(round(100 * sold / target), 100) if target else None,
                "met": bool(target) and sold >= target,
            }
        )
    items.sort(key=lambda i: -i["sold"])
    return {"stage": stage, "target_count": stage.bestseller_count, "items": items}


def staffing_panel(store: Store, today: date) -> dict[str, Any]:
    """This month's required and on-roster headcount per role, and the next under-staffed days (this month and
    the next), in the staffing gap report's constant number of queries."""
    gap = staffing_gap(store, month_of(today), 2)
    names = {role.code: role.name for role in gap.roles}
    this_month = gap.months[0]
    ahead = [day for day in gap.understaffed if day.date >= today]
    return {
        "month": this_month.month,
        "rows": [(names[row.role], row) for row in this_month.rows],
        "understaffed": [(day, [(names[s.role], s) for s in day.shortages]) for day in ahead[:UNDERSTAFFED_SHOWN]],
        "understaffed_count": len(ahead),
    }


def operations_panels(store: Store, plan: Plan | None, promotions: list[Promotion], today: date) -> dict[str, Any]:
    """Everything the operations panels show, for ``today`` in the store's time zone."""
    rows = product_planning(store, today)
    risks = stock_risks(rows)
    return {
        "stock_risks": risks[:STOCK_RISKS_SHOWN],
        "stock_risk_count": len(risks),
        "product_count": len(rows),
        "promotions": upcoming_promotions(promotions, today),
        "bestsellers": bestseller_progress(plan, rows, today),
        "staffing": staffing_panel(store, today),
    }
