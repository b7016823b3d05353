from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import DailySalesView, MovementViewSet, ProductViewSet

router = SimpleRouter()
router.register("inventory/products", ProductViewSet, basename="inventory-product")
router.register("inventory/movements", MovementViewSet, basename="inventory-movement")

# The planning, projection and health endpoints read the promotions ahead: promotions.api.urls has them.
urlpatterns = [
    path("inventory/sales/daily/", DailySalesView.as_view(), name="inventory-daily-sales"),
    *router.urls,
]
