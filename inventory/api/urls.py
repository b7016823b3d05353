from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import DailySalesView, HealthView, MovementViewSet, PlanningView, ProductViewSet, ProjectionView

router = SimpleRouter()
router.register("inventory/products", ProductViewSet, basename="inventory-product")
router.register("inventory/movements", MovementViewSet, basename="inventory-movement")

urlpatterns = [
    path("inventory/sales/daily/", DailySalesView.as_view(), name="inventory-daily-sales"),
    path("inventory/planning/", PlanningView.as_view(), name="inventory-planning"),
    path("inventory/planning/<str:sku>/projection/", ProjectionView.as_view(), name="inventory-projection"),
    path("inventory/health/", HealthView.as_view(), name="inventory-health"),
    *router.urls,
]
