from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import DayRollupViewSet, PeriodRollupViewSet, PortfolioView

router = SimpleRouter()
router.register("day-rollups", DayRollupViewSet, basename="day-rollup")
router.register("period-rollups", PeriodRollupViewSet, basename="period-rollup")

urlpatterns = [
    path("portfolio/", PortfolioView.as_view(), name="portfolio-rows"),
    *router.urls,
]
