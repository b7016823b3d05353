"""Reads of promotions: lists, the stock table per SKU, deadlines and risks, in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db.models import Prefetch, QuerySet

from core.numbers import as_decimal
from inventory.domain import Inbound, PromotionDemand, average_daily_sales, project_stock
from inventory.models import StockPolicy
from inventory.selectors import LONG_WINDOW, daily_sales_by_product, on_hand_by_product, open_inbound_by_product
from stores.models import Store

from .choices import PromotionStatus
from .domain import (
    ItemSpan,
    Phase,
    ReminderState,
    Window,
    order_by_date,
    remaining_window,
    reminder_state,
    required_stock,
    selling_window,
    shortfall,
    sku_overlaps,
    stock_decision_deadline,
)
from .models import Promotion, PromotionItem

BASELINE_DAYS = LONG_WINDOW  # baseline daily sales: the average of the 28 days before as_of


@dataclass(frozen=True)
class StockInput:
    """What the projection of one SKU starts from."""

    on_hand: int
    baseline_daily: Fraction  # exact; shown through as_decimal
    inbound: tuple[Inbound, ...] = ()


def promotion_stock_inputs(product_ids: Iterable[int], as_of: date) -> dict[int, StockInput]:
    """On-hand, baseline sales (the average of the 28 days before ``as_of``) and open factory orders of the
    products, read by inventory's bulk selectors: three queries, whatever their number."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    on_hand = on_hand_by_product(ids)
    daily = daily_sales_by_product(ids, as_of - timedelta(days=BASELINE_DAYS), as_of - timedelta(days=1))
    inbound = open_inbound_by_product(ids)
    return {
        pid: StockInput(
            on_hand=on_hand[pid],
            baseline_daily=average_daily_sales(daily.get(pid, {}), as_of, BASELINE_DAYS),
            inbound=tuple(inbound.get(pid, ())),
        )
        for pid in ids
    }


def promotions_with_details() -> QuerySet[Promotion]:
    return Promotion.objects.select_related("store").prefetch_related(
        "phases", Prefetch("items", PromotionItem.objects.select_related("product").order_by("product__code"))
    )


def open_promotions(store: Store) -> QuerySet[Promotion]:
    """The store's promotions not done, soonest first: the ones a factory order can be for."""
    return Promotion.objects.filter(store=store).exclude(status=PromotionStatus.DONE).order_by("start_date")


def promotions_in(stores: Iterable[Store] | QuerySet[Store], first: date, last: date) -> list[Promotion]:
    """Promotions of ``stores`` touching ``first``..``last`` (by their dates), with phases, items and products."""
    return list(
        promotions_with_details()
        .filter(store__in=stores, start_date__lte=last, end_date__gte=first)
        .order_by("start_date", "store__name", "name")
    )


def policies_for(store_ids: Iterable[int]) -> dict[int, StockPolicy]:
    """Each store's stock policy; the playbook's defaults (unsaved) for a store without one."""
    ids = set(store_ids)
    found = {policy.store_id: policy for policy in StockPolicy.objects.filter(store_id__in=ids)}
    return {sid: found.get(sid) or StockPolicy(store_id=sid) for sid in ids}


def window_of(promotion: Promotion) -> Window:
    phases = [Phase(p.kind, p.start_date, p.end_date) for p in promotion.phases.all()]
    return selling_window(promotion.start_date, promotion.end_date, phases)


@dataclass(frozen=True)
class StockRow:
    """One SKU of a promotion: what it needs, what is projected to be there, and when to order."""

    item: PromotionItem
    baseline_daily: Decimal
    required: int
    projected_at_start: int
    shortfall: int
    order_by: date
    overlaps_with: tuple[Promotion, ...] = ()


@dataclass(frozen=True)
class PromotionPlan:
    """A promotion with its stock table, deadlines and reminder states on ``as_of``."""

    promotion: Promotion
    window: Window
    rows: tuple[StockRow, ...]
    decision_deadline: date
    order_by: date | None
    decision_state: ReminderState
    order_state: ReminderState
    reminder_days: int
    overlaps: tuple[StockRow, ...] = field(default=())

    @property
    def total_shortfall(self) -> int:
        return sum(row.shortfall for row in self.rows)

    @property
    def at_risk(self) -> bool:
        return self.total_shortfall > 0


def promotion_plans(promotions: Sequence[Promotion], as_of: date) -> list[PromotionPlan]:
    """Stock tables and deadlines of many promotions (fetched with :func:`promotions_with_details`).

    Queries: the stock inputs (3), the policies (1), and the other promotions of the same SKUs (3),
    however many promotions and SKUs there are."""
    product_ids = {item.product_id for promotion in promotions for item in promotion.items.all()}
    inputs = promotion_stock_inputs(product_ids, as_of)
    policies = policies_for(p.store_id for p in promotions)
    related = _promotions_of_products(product_ids, as_of, promotions)
    demands = _demands_by_product(related, as_of)
    overlaps = _overlaps_by_item(related)
    return [_plan(p, as_of, inputs, policies[p.store_id], demands, overlaps, related) for p in promotions]


def _promotions_of_products(product_ids: set[int], as_of: date, known: Sequence[Promotion]) -> dict[int, Promotion]:
    """Every promotion holding one of the products and not over by ``as_of`` (its demand is in the projection)."""
    by_id = {p.pk: p for p in known}
    if product_ids:
        missing = (
            promotions_with_details()
            .filter(items__product_id__in=product_ids, end_date__gte=as_of)
            .exclude(pk__in=list(by_id))
            .distinct()
        )
        by_id.update({p.pk: p for p in missing})
    return by_id


def _demands_by_product(promotions: dict[int, Promotion], as_of: date) -> dict[int, list[PromotionDemand]]:
    demands: dict[int, list[PromotionDemand]] = defaultdict(list)
    for promotion in promotions.values():
        window = window_of(promotion)
        for item in promotion.items.all():
            # Pre-sold units that shipped already are in the sales movements, not ahead of us.
            presale = item.presale_quantity if window.presale_ships_on >= as_of else 0
            demands[item.product_id].append(
                PromotionDemand(window.start, window.end, item.uplift, presale, window.presale_ships_on)
            )
    return demands


def _overlaps_by_item(promotions: dict[int, Promotion]) -> dict[tuple[int, int], list[int]]:
    spans = [
        ItemSpan(item.product_id, p.pk, p.start_date, p.end_date) for p in promotions.values() for item in p.items.all()
    ]
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    for overlap in sku_overlaps(spans):
        found[(overlap.promotion_id, overlap.product_id)].append(overlap.other_promotion_id)
        found[(overlap.other_promotion_id, overlap.product_id)].append(overlap.promotion_id)
    return found


def _plan(
    promotion: Promotion,
    as_of: date,
    inputs: dict[int, StockInput],
    policy: StockPolicy,
    demands: dict[int, list[PromotionDemand]],
    overlaps: dict[tuple[int, int], list[int]],
    related: dict[int, Promotion],
) -> PromotionPlan:
    window = window_of(promotion)
    ahead = remaining_window(window, as_of)
    rows = []
    for item in promotion.items.all():
        stock = inputs.get(item.product_id) or StockInput(0, Fraction(0))
        rows.append(_row(item, stock, ahead, as_of, window, policy, demands.get(item.product_id, [])))
        others = overlaps.get((promotion.pk, item.product_id), [])
        if others:
            rows[-1] = StockRow(**{**rows[-1].__dict__, "overlaps_with": tuple(related[pk] for pk in others)})
    deadline = stock_decision_deadline(promotion.start_date, policy.decision_days)
    # Per SKU: the day its goods must be there, less its lead time and the safety days; the earliest counts.
    order_by = min((row.order_by for row in rows), default=None)
    states = [
        reminder_state(d, as_of, policy.reminder_days, promotion.status, promotion.end_date)
        for d in (deadline, order_by)
    ]
    return PromotionPlan(
        promotion,
        window,
        tuple(rows),
        deadline,
        order_by,
        states[0],
        states[1],
        policy.reminder_days,
        tuple(row for row in rows if row.overlaps_with),
    )


def _row(
    item: PromotionItem,
    stock: StockInput,
    ahead: Window | None,
    as_of: date,
    window: Window,
    policy: StockPolicy,
    demands: list[PromotionDemand],
) -> StockRow:
    needed_on = min(window.start, window.presale_ships_on)
    order_by = order_by_date(needed_on, item.product.lead_time_days, policy.order_safety_days)
    if ahead is None:
        return StockRow(item, as_decimal(stock.baseline_daily), 0, 0, 0, order_by)
    presale = item.presale_quantity if window.presale_ships_on >= as_of else 0
    required = required_stock(stock.baseline_daily, item.uplift, ahead.days, presale)
    first_day = min(ahead.start, window.presale_ships_on) if presale else ahead.start
    projection = project_stock(
        stock.on_hand,
        stock.baseline_daily,
        as_of,
        days=(first_day - as_of).days + 1,
        promotions=demands,
        inbound=stock.inbound,
    )
    at_start = projection[-1].opening
    baseline = as_decimal(stock.baseline_daily)
    return StockRow(item, baseline, required, at_start, shortfall(required, at_start), order_by)
