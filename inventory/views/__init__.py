"""Pages of the inventory: parse the request, call a selector or service, render. The pages that read the promotions
ahead are the stock plan's (:mod:`promotions.views_stock`)."""

from .products import InventoryHomeView, ProductCreateView, ProductEditView, StockPolicyView
from .sales import ImportJobView, ProductTemplateView, ProductUploadView, SalesEntryView
from .stock import (
    FactoryOrderCancelView,
    FactoryOrderListView,
    FactoryOrderReceiveView,
    MovementCreateView,
    StockCountView,
)

__all__ = [
    "FactoryOrderCancelView",
    "FactoryOrderListView",
    "FactoryOrderReceiveView",
    "ImportJobView",
    "InventoryHomeView",
    "MovementCreateView",
    "ProductCreateView",
    "ProductEditView",
    "ProductTemplateView",
    "ProductUploadView",
    "SalesEntryView",
    "StockCountView",
    "StockPolicyView",
]
