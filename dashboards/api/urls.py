from django.urls import path
from rest_framework.routers import SimpleRouter

from .stores import StoreViewSet
from .views import DayRollupViewSet, PeriodRollupViewSet, PortfolioView

router = SimpleRouter()
router.register("stores", StoreViewSet, basename="store")
router.register("day-rollups", DayRollupViewSet, basename="day-rollup")
router.register("period-rollups", PeriodRollupViewSet, basename="period-rollup")

urlpatterns = [
    path("portfolio/", PortfolioView.as_view(), name="portfolio-rows"),
    *router.urls,
]
