"""The stock plan: the inventory's planning figures of products with the promotions ahead of them. The inventory
computes the figures (:mod:`inventory.selectors.planning`) from the promotions it is handed; reading those
promotions is this layer's part, since promotions sit above the products they hold.

Everything that shows a projection or the shop health checks (the stock pages, the planning API, the dashboards,
the alerts, the briefing) reads it here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from inventory.domain import PROJECTION_DAYS, ProjectedDay, PromotionDemand
from inventory.health import HealthCheck
from inventory.models import Product
from inventory.selectors import (
    ProductPlanning,
    UpcomingPromotion,
    planning_products,
    stock_planning,
    store_checks,
    store_products,
)
from stores.models import Store

from .choices import PromotionStatus
from .models import PromotionItem
from .selectors import window_of


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
        window = window_of(promotion)
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


def product_planning_for(
    products: Iterable[Product] | QuerySet[Product], as_of: date, *, days: int = PROJECTION_DAYS
) -> list[ProductPlanning]:
    """The planning figures of ``products`` (any stores) on ``as_of`` with the promotions not done ahead of them:
    seven queries whatever their number."""
    items = planning_products(products)
    return stock_planning(items, as_of, promotions_by_product([p.pk for p in items], as_of), days=days)


def product_planning(store: Store, as_of: date, products: QuerySet[Product] | None = None) -> list[ProductPlanning]:
    """The planning figures of a store's products (or of the filtered ``products`` of it) on ``as_of``."""
    queryset = store_products(store) if products is None else products.filter(store=store)
    return product_planning_for(queryset, as_of)


def projected_stock(
    products: Iterable[Product] | QuerySet[Product], as_of: date, days: int = PROJECTION_DAYS
) -> dict[int, list[ProjectedDay]]:
    """Projected stock of each product for ``days`` days from ``as_of``: product id -> days, in bulk."""
    return {row.product.pk: row.projection for row in product_planning_for(products, as_of, days=days)}


def store_health(store: Store, as_of: date, rows: list[ProductPlanning] | None = None) -> list[HealthCheck]:
    """The shop health checks of a store on ``as_of`` (pass the planning rows if you have them already)."""
    return store_checks(store, as_of, product_planning(store, as_of) if rows is None else rows)
