from django.urls import path
from rest_framework.routers import SimpleRouter

from .stock import HealthView, PlanningView, ProjectionView
from .views import CalendarView, ItemViewSet, PhaseViewSet, PresetView, PromotionViewSet

router = SimpleRouter()
router.register("promotions", PromotionViewSet, basename="promotion")
router.register("promotion-items", ItemViewSet, basename="promotion-item")
router.register("promotion-phases", PhaseViewSet, basename="promotion-phase")

urlpatterns = [
    path("promotion-calendar/", CalendarView.as_view(), name="promotion-calendar"),
    path("promotion-preset/", PresetView.as_view(), name="promotion-preset"),
    # The stock plan keeps the inventory's paths and names.
    path("inventory/planning/", PlanningView.as_view(), name="inventory-planning"),
    path("inventory/planning/<str:sku>/projection/", ProjectionView.as_view(), name="inventory-projection"),
    path("inventory/health/", HealthView.as_view(), name="inventory-health"),
    *router.urls,
]
