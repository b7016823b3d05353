"""Every planning figure of a store's products (averages, cover, reorder point, projection) and its health
checks, read in bulk in a constant number of queries and handed to the pure arithmetic in :mod:`inventory.domain`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from core.numbers import as_decimal
from funnel.selectors import active_plan
from promotions.choices import PromotionStatus
from promotions.domain import Phase, selling_window
from promotions.models import PromotionItem
from stores.models import Store

from ..domain import (
    PROJECTION_DAYS,
    Inbound,
    ProjectedDay,
    PromotionDemand,
    average_daily_sales,
    days_of_cover,
    effective_safety_stock,
    first_stockout,
    project_stock,
    reorder_point,
    suggested_order_quantity,
)
from ..health import AssortmentRules, HealthCheck, ProductFigures, health_checks
from ..models import Product, StockPolicy
from .stock import (
    LONG_WINDOW,
    SHORT_WINDOW,
    daily_sales_by_product,
    on_hand_by_product,
    open_inbound_by_product,
    stock_policy,
    store_products,
)


@dataclass(frozen=True)
class UpcomingPromotion:
    """A promotion a product takes part in, as the projection and the health checks need it."""

    promotion_id: int
    name: str
    start: date
    end: date
    demand: PromotionDemand


def promotions_by_product(product_ids: Iterable[int], as_of: date) -> dict[int, list[UpcomingPromotion]]:
    """Promotions not done and not over by ``as_of`` for each product. Uplifted sales run over the promotion's
    selling window (its live phase, or its dates without one) and pre-sold units ship when the final payment
    opens, exactly as the promotion's own stock table counts them. Two queries: the items, and the phases."""
    items = (
        PromotionItem.objects.filter(product_id__in=list(product_ids), promotion__end_date__gte=as_of)
        .exclude(promotion__status=PromotionStatus.DONE)
        .select_related("promotion")
        .prefetch_related("promotion__phases")
        .order_by("promotion__start_date", "promotion_id")
    )
    found: dict[int, list[UpcomingPromotion]] = defaultdict(list)
    for item in items:
        promotion = item.promotion
        phases = [Phase(p.kind, p.start_date, p.end_date) for p in promotion.phases.all()]
        window = selling_window(promotion.start_date, promotion.end_date, phases)
        demand = PromotionDemand(
            start=window.start,
            end=window.end,
            uplift=item.uplift,
            presale_quantity=item.presale_quantity,
            presale_ships_on=window.presale_ships_on,
        )
        found[item.product_id].append(
            UpcomingPromotion(promotion.pk, promotion.name, promotion.start_date, promotion.end_date, demand)
        )
    return found


@dataclass
class ProductPlanning:
    """Every planning figure of one product on ``as_of``. The averages and the cover are unrounded (the pages,
    exports and the API round them when they show them); the whole-unit figures come from the exact average."""

    product: Product
    on_hand: int
    average_7: Decimal
    average_28: Decimal
    days_of_cover: Decimal | None
    safety_stock: int
    reorder_point: int
    inbound_open: int
    suggested_order: int
    projection: list[ProjectedDay] = field(default_factory=list)
    promotions: list[UpcomingPromotion] = field(default_factory=list)

    @property
    def is_negative(self) -> bool:
        return self.on_hand < 0

    @property
    def is_out_of_stock(self) -> bool:
        return self.on_hand <= 0

    @property
    def below_reorder_point(self) -> bool:
        return self.on_hand + self.inbound_open <= self.reorder_point and self.average_28 > 0

    @property
    def first_stockout(self) -> date | None:
        return first_stockout(self.projection)

    @property
    def next_promotion(self) -> UpcomingPromotion | None:
        return self.promotions[0] if self.promotions else None


def _as_products(products: Iterable[Product] | QuerySet[Product]) -> list[Product]:
    if isinstance(products, QuerySet):
        return list(products.select_related("store"))
    return list(products)


def product_planning_for(
    products: Iterable[Product] | QuerySet[Product], as_of: date, *, days: int = PROJECTION_DAYS
) -> list[ProductPlanning]:
    """The planning figures of ``products`` (any stores) on ``as_of``: six queries whatever their number.

    Averages are over the whole days before ``as_of``; the projection starts on ``as_of`` from today's on-hand
    with the 28-day average as its baseline, the promotions not done and the open factory orders."""
    items = _as_products(products)
    ids = [p.pk for p in items]
    policies = {p.store_id: p for p in StockPolicy.objects.filter(store_id__in={p.store_id for p in items})}
    on_hand = on_hand_by_product(ids)
    sales = daily_sales_by_product(ids, as_of - timedelta(days=LONG_WINDOW), as_of - timedelta(days=1))
    inbound = open_inbound_by_product(ids)
    promotions = promotions_by_product(ids, as_of)
    rows = []
    for product in items:
        policy = policies.get(product.store_id) or StockPolicy()
        rows.append(
            _planning(
                product,
                policy,
                on_hand[product.pk],
                sales.get(product.pk, {}),
                as_of,
                days,
                inbound.get(product.pk, []),
                promotions.get(product.pk, []),
            )
        )
    return rows


def _planning(
    product: Product,
    policy: StockPolicy,
    on_hand: int,
    daily: dict[date, int],
    as_of: date,
    days: int,
    inbound: list[Inbound],
    promotions: list[UpcomingPromotion],
) -> ProductPlanning:
    average_28 = average_daily_sales(daily, as_of, LONG_WINDOW)
    safety = effective_safety_stock(
        product.safety_stock, product.is_main_push, policy.main_push_safety_stock, policy.other_safety_stock
    )
    inbound_open = sum(i.quantity for i in inbound)
    return ProductPlanning(
        product=product,
        on_hand=on_hand,
        average_7=as_decimal(average_daily_sales(daily, as_of, SHORT_WINDOW)),
        average_28=as_decimal(average_28),
        days_of_cover=days_of_cover(on_hand, average_28),
        safety_stock=safety,
        reorder_point=reorder_point(average_28, product.lead_time_days, safety),
        inbound_open=inbound_open,
        suggested_order=suggested_order_quantity(
            on_hand, inbound_open, average_28, product.lead_time_days, safety, policy.order_cover_days
        ),
        projection=project_stock(on_hand, average_28, as_of, days, [p.demand for p in promotions], inbound),
        promotions=promotions,
    )


def product_planning(store: Store, as_of: date, products: QuerySet[Product] | None = None) -> list[ProductPlanning]:
    """The planning figures of a store's products (or of the filtered ``products`` of it) on ``as_of``."""
    queryset = store_products(store) if products is None else products.filter(store=store)
    return product_planning_for(queryset, as_of)


def projected_stock(
    products: Iterable[Product] | QuerySet[Product], as_of: date, days: int = PROJECTION_DAYS
) -> dict[int, list[ProjectedDay]]:
    """Projected stock of each product for ``days`` days from ``as_of``: product id -> days, in bulk."""
    return {row.product.pk: row.projection for row in product_planning_for(products, as_of, days=days)}


def bestseller_target(store: Store, as_of: date) -> int:
    """The best-seller sales target of the active plan's stage on ``as_of`` (0 without one)."""
    plan = active_plan(store, as_of)
    if plan is None:
        return 0
    stages = sorted(plan.stages.all(), key=lambda s: s.number)
    current = next((s for s in stages if s.start_date <= as_of <= s.end_date), None)
    return current.bestseller_sales if current else 0


def health_figures(rows: Iterable[ProductPlanning]) -> list[ProductFigures]:
    figures = []
    for row in rows:
        upcoming = row.next_promotion
        figures.append(
            ProductFigures(
                code=row.product.code,
                name=row.product.name,
                is_listed=row.product.is_listed,
                is_main_push=row.product.is_main_push,
                on_hand=row.on_hand,
                inbound_open=row.inbound_open,
                reorder_point=row.reorder_point,
                average_daily=row.average_28,
                days_of_cover=row.days_of_cover,
                first_stockout=row.first_stockout,
                next_promotion_name=upcoming.name if upcoming else None,
                next_promotion_end=upcoming.end if upcoming else None,
            )
        )
    return figures


def store_health(store: Store, as_of: date, rows: list[ProductPlanning] | None = None) -> list[HealthCheck]:
    """The shop health checks of a store on ``as_of`` (pass the planning rows if you have them already)."""
    rows = product_planning(store, as_of) if rows is None else rows
    policy = stock_policy(store)
    rules = AssortmentRules(
        listed_min=policy.listed_min,
        listed_max=policy.listed_max,
        main_push_target=policy.main_push_target,
        bestseller_target=bestseller_target(store, as_of),
    )
    return health_checks(health_figures(rows), rules, as_of)
