"""Pages of the inventory: parse the request, call a selector or service, render."""

from .products import (
    InventoryHomeView,
    ProductCreateView,
    ProductDetailView,
    ProductEditView,
    ProductListView,
    StockPolicyView,
    StoreHealthView,
)
from .sales import ImportJobView, ProductTemplateView, ProductUploadView, SalesEntryView
from .stock import (
    FactoryOrderCancelView,
    FactoryOrderCreateView,
    FactoryOrderListView,
    FactoryOrderReceiveView,
    MovementCreateView,
    StockCountView,
)

__all__ = [
    "FactoryOrderCancelView",
    "FactoryOrderCreateView",
    "FactoryOrderListView",
    "FactoryOrderReceiveView",
    "ImportJobView",
    "InventoryHomeView",
    "MovementCreateView",
    "ProductCreateView",
    "ProductDetailView",
    "ProductEditView",
    "ProductListView",
    "ProductTemplateView",
    "ProductUploadView",
    "SalesEntryView",
    "StockCountView",
    "StockPolicyView",
    "StoreHealthView",
]
