from django.urls import path

from . import views

app_name = "funnel"

STORE = "stores/<slug:store>/plans/"

# The plan index and a store's plans are the dashboards' (dashboards.urls.plan_pages, added in opsplan/urls.py).
urlpatterns = [
    path(STORE + "new/", views.plan_create, name="plan_create"),
    path(STORE + "compare/", views.plan_compare, name="plan_compare"),
    path(STORE + "<int:pk>/", views.plan_detail, name="plan_detail"),
    path(STORE + "<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path(STORE + "<int:pk>/stages/<int:number>/implied/", views.plan_implied, name="plan_implied"),
    path(STORE + "<int:pk>/copy/", views.plan_copy_view, name="plan_copy"),
    path(STORE + "<int:pk>/activate/", views.plan_status, {"action": "activate"}, name="plan_activate"),
    path(STORE + "<int:pk>/archive/", views.plan_status, {"action": "archive"}, name="plan_archive"),
    path(STORE + "<int:pk>/milestones/", views.milestone_create, name="milestone_create"),
    path(STORE + "<int:pk>/milestones/<int:milestone>/delete/", views.milestone_delete, name="milestone_delete"),
]
