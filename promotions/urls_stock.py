"""The stock plan's pages (:mod:`promotions.views_stock`) under their inventory URLs and names: opsplan/urls.py joins
these patterns to :mod:`inventory.urls` in the ``inventory`` namespace, so ``inventory:product_list`` and the rest
are what they were."""

from django.urls import path

from . import views_stock

urlpatterns = [
    path("<slug:store>/", views_stock.ProductListView.as_view(), name="product_list"),
    path("<slug:store>/health/", views_stock.StoreHealthView.as_view(), name="store_health"),
    path("<slug:store>/products/<str:sku>/", views_stock.ProductDetailView.as_view(), name="product_detail"),
    path("<slug:store>/factory-orders/new/", views_stock.FactoryOrderCreateView.as_view(), name="factory_order_create"),
]
