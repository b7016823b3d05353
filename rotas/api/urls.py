from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import CoverageView, MyShiftsView, RotaGenerateView, ShiftPatternViewSet, ShiftViewSet

router = SimpleRouter()
router.register("shift-patterns", ShiftPatternViewSet, basename="shift-pattern")
router.register("shifts", ShiftViewSet, basename="shift")

urlpatterns = [
    path("rota-generate/", RotaGenerateView.as_view(), name="rota-generate"),
    path("rota-coverage/", CoverageView.as_view(), name="rota-coverage"),
    path("my-shifts/", MyShiftsView.as_view(), name="my-shifts"),
    *router.urls,
]
