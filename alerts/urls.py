from django.urls import path

from . import views

app_name = "alerts"

STORE = "<slug:store>/"

urlpatterns = [
    path("", views.AlertListView.as_view(), name="alert_list"),
    path(STORE + "<int:pk>/", views.AlertDetailView.as_view(), name="alert_detail"),
    path(STORE + "<int:pk>/acknowledge/", views.alert_transition, {"action": "acknowledge"}, name="alert_acknowledge"),
    path(STORE + "<int:pk>/resolve/", views.alert_transition, {"action": "resolve"}, name="alert_resolve"),
]
