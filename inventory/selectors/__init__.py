"""Reads of products and stock (:mod:`.stock`) and every planning figure built on them (:mod:`.planning`)."""

from .planning import (
    ProductPlanning,
    UpcomingPromotion,
    bestseller_target,
    health_figures,
    planning_products,
    stock_planning,
    store_checks,
)
from .stock import (
    LONG_WINDOW,
    SHORT_WINDOW,
    daily_sales_by_product,
    on_hand_by_product,
    open_inbound_by_product,
    product_by_code,
    product_factory_orders,
    product_movements,
    sales_entries,
    stock_policy,
    store_factory_orders,
    store_products,
    stores_products,
)

__all__ = [
    "LONG_WINDOW",
    "SHORT_WINDOW",
    "ProductPlanning",
    "UpcomingPromotion",
    "bestseller_target",
    "daily_sales_by_product",
    "health_figures",
    "on_hand_by_product",
    "open_inbound_by_product",
    "planning_products",
    "product_by_code",
    "product_factory_orders",
    "product_movements",
    "sales_entries",
    "stock_planning",
    "stock_policy",
    "store_checks",
    "store_factory_orders",
    "store_products",
    "stores_products",
]
