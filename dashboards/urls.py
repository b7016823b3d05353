from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("<slug:store>/", views.store_detail, name="store"),
    path("<slug:store>/days/", views.days, name="days"),
    path("<slug:store>/recompute/", views.recompute, name="recompute"),
    path("<slug:store>/recompute/<uuid:task_id>/", views.recompute_progress, name="recompute_progress"),
]
