"""Every planning figure of products (averages, cover, reorder point, projection) and their health checks, read in
bulk in a constant number of queries and handed to the pure arithmetic in :mod:`inventory.domain`.

The projection counts the promotions ahead of each product. Promotions sit above the inventory (their items are
products), so the inventory never reads them: the layer that does (:mod:`promotions.planning`) reads them and
hands them in as :class:`UpcomingPromotion` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from core.numbers import as_decimal
from funnel.selectors import active_plan
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
)


@dataclass(frozen=True)
class UpcomingPromotion:
    """A promotion a product takes part in, as the projection and the health checks need it (read by
    :func:`promotions.planning.promotions_by_product`)."""

    promotion_id: int
    name: str
    start: date
    end: date
    demand: PromotionDemand


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


def planning_products(products: Iterable[Product] | QuerySet[Product]) -> list[Product]:
    """The products as a list, their stores read with them when a queryset is given (one query)."""
    if isinstance(products, QuerySet):
        return list(products.select_related("store"))
    return list(products)


def stock_planning(
    products: Iterable[Product] | QuerySet[Product],
    as_of: date,
    promotions: Mapping[int, list[UpcomingPromotion]],
    *,
    days: int = PROJECTION_DAYS,
) -> list[ProductPlanning]:
    """The planning figures of ``products`` (any stores) on ``as_of``, given the promotions ahead of each (product id
    -> promotions, from :func:`promotions.planning.promotions_by_product`): five queries at most, whatever their
    number.

    Averages are over the whole days before ``as_of``; the projection starts on ``as_of`` from today's on-hand
    with the 28-day average as its baseline, the promotions and the open factory orders."""
    items = planning_products(products)
    ids = [p.pk for p in items]
    policies = {p.store_id: p for p in StockPolicy.objects.filter(store_id__in={p.store_id for p in items})}
    on_hand = on_hand_by_product(ids)
    sales = daily_sales_by_product(ids, as_of - timedelta(days=LONG_WINDOW), as_of - timedelta(days=1))
    inbound = open_inbound_by_product(ids)
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


def store_checks(store: Store, as_of: date, rows: list[ProductPlanning]) -> list[HealthCheck]:
    """The shop health checks of a store on ``as_of`` from the planning rows of its products."""
    policy = stock_policy(store)
    rules = AssortmentRules(
        listed_min=policy.listed_min,
        listed_max=policy.listed_max,
        main_push_target=policy.main_push_target,
        bestseller_target=bestseller_target(store, as_of),
    )
    return health_checks(health_figures(rows), rules, as_of)
