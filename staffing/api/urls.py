from django.urls import path
from rest_framework.routers import SimpleRouter

from .roster import AssignmentViewSet, PersonViewSet, TimeOffViewSet
from .views import GapView, NormsView, PlannedHeadcountView, PolicyView, StaffRoleListView

router = SimpleRouter()
router.register("staffing/people", PersonViewSet, basename="staffing-person")
router.register("staffing/assignments", AssignmentViewSet, basename="staffing-assignment")
router.register("staffing/time-off", TimeOffViewSet, basename="staffing-time-off")

urlpatterns = [
    path("staffing/roles/", StaffRoleListView.as_view(), name="staffing-roles"),
    path("staffing/norms/", NormsView.as_view(), name="staffing-norms"),
    path("staffing/policy/", PolicyView.as_view(), name="staffing-policy"),
    path("staffing/planned/", PlannedHeadcountView.as_view(), name="staffing-planned"),
    path("staffing/gap/", GapView.as_view(), name="staffing-gap"),
    *router.urls,
]
