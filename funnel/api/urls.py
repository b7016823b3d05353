from django.urls import path
from rest_framework.routers import SimpleRouter

from .exports import ExportImportView, ExportPreviewView
from .plans import MilestoneViewSet, PlanViewSet, StagePlanViewSet
from .views import DailyMetricView

router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("stage-plans", StagePlanViewSet, basename="stage-plan")
router.register("milestones", MilestoneViewSet, basename="milestone")

urlpatterns = [
    path("metrics/daily/", DailyMetricView.as_view(), name="daily-metrics"),
    path("metrics/exports/", ExportImportView.as_view(), name="metric-exports"),
    path("metrics/exports/preview/", ExportPreviewView.as_view(), name="metric-exports-preview"),
    *router.urls,
]
