from django.urls import path

from . import plans, stores, views

app_name = "dashboards"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("<slug:store>/", views.store_detail, name="store"),
    path("<slug:store>/data/", views.store_data, name="store_data"),
    path("<slug:store>/days/", views.days, name="days"),
    path("<slug:store>/recompute/", views.recompute, name="recompute"),
    path("<slug:store>/recompute/<uuid:task_id>/", views.recompute_progress, name="recompute_progress"),
]

# Pages that show the stage status, served at the stores' and the funnel's URLs under their names: opsplan/urls.py
# adds them to those apps' patterns ("stores/" and the root).
store_pages = [
    path("<slug:store>/", stores.StoreDetailView.as_view(), name="store_detail"),
    path("<slug:store>/edit/", stores.StoreUpdateView.as_view(), name="store_update"),
]
plan_pages = [
    path("plans/", plans.plan_index, name="plan_list"),
    path("stores/<slug:store>/plans/", plans.plan_list, name="store_plans"),
]
