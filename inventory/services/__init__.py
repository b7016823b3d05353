"""Writes of the inventory: products, stock movements and counts, factory orders, the daily sales ingest."""

from .products import EDITABLE_FIELDS, ProductConflict, ProductInvalid, product_create, product_update
from .sales import SalesResult, sales_ingest
from .stock import (
    MovementResult,
    StockInvalid,
    StockWarning,
    factory_order_cancel,
    factory_order_create,
    factory_order_receive,
    movement_record,
    negative_stock_warnings,
    stock_count_record,
    stock_policy_save,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MovementResult",
    "ProductConflict",
    "ProductInvalid",
    "SalesResult",
    "StockInvalid",
    "StockWarning",
    "factory_order_cancel",
    "factory_order_create",
    "factory_order_receive",
    "movement_record",
    "negative_stock_warnings",
    "product_create",
    "product_update",
    "sales_ingest",
    "stock_count_record",
    "stock_policy_save",
]
