from django.urls import path

from . import views

app_name = "inventory"

# The pages that read the promotions ahead (the product list, the health page, a product, a new factory order) are
# the stock plan's, in promotions.urls_stock; opsplan/urls.py joins both lists under this namespace.
urlpatterns = [
    path("", views.InventoryHomeView.as_view(), name="home"),
    path("products-template.<slug:fmt>", views.ProductTemplateView.as_view(), name="product_template"),
    path("<slug:store>/policy/", views.StockPolicyView.as_view(), name="stock_policy"),
    path("<slug:store>/new/", views.ProductCreateView.as_view(), name="product_create"),
    path("<slug:store>/upload/", views.ProductUploadView.as_view(), name="product_upload"),
    path("<slug:store>/imports/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("<slug:store>/products/<str:sku>/edit/", views.ProductEditView.as_view(), name="product_edit"),
    path("<slug:store>/products/<str:sku>/movement/", views.MovementCreateView.as_view(), name="movement_create"),
    path("<slug:store>/products/<str:sku>/count/", views.StockCountView.as_view(), name="stock_count"),
    path("<slug:store>/factory-orders/", views.FactoryOrderListView.as_view(), name="factory_order_list"),
    path(
        "<slug:store>/factory-orders/<int:pk>/receive/",
        views.FactoryOrderReceiveView.as_view(),
        name="factory_order_receive",
    ),
    path(
        "<slug:store>/factory-orders/<int:pk>/cancel/",
        views.FactoryOrderCancelView.as_view(),
        name="factory_order_cancel",
    ),
    path("<slug:store>/sales/", views.SalesEntryView.as_view(), name="sales_entry"),
]
