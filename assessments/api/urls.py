from django.urls import path

from .views import ComputeView, FinaliseView, ScorecardListView, TeamworkView, WeightsView

urlpatterns = [
    path("assessments/weights/", WeightsView.as_view(), name="assessment-weights"),
    path("assessments/teamwork/", TeamworkView.as_view(), name="assessment-teamwork"),
    path("assessments/scorecards/", ScorecardListView.as_view(), name="assessment-scorecards"),
    path("assessments/scorecards/compute/", ComputeView.as_view(), name="assessment-compute"),
    path("assessments/scorecards/finalise/", FinaliseView.as_view(), name="assessment-finalise"),
]
