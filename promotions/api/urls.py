from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import CalendarView, ItemViewSet, PhaseViewSet, PresetView, PromotionViewSet

router = SimpleRouter()
router.register("promotions", PromotionViewSet, basename="promotion")
router.register("promotion-items", ItemViewSet, basename="promotion-item")
router.register("promotion-phases", PhaseViewSet, basename="promotion-phase")

urlpatterns = [
    path("promotion-calendar/", CalendarView.as_view(), name="promotion-calendar"),
    path("promotion-preset/", PresetView.as_view(), name="promotion-preset"),
    *router.urls,
]
