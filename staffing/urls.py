from django.urls import path

from . import views

app_name = "staffing"

STORE = "<slug:store>/"
PERSON = STORE + "people/<int:pk>/"

# Store codes never contain "_" (stores.models.store_code_validator), so "_roles" cannot shadow a store's pages.
urlpatterns = [
    path("", views.home, name="home"),
    path("_roles/", views.roles, name="roles"),
    path(STORE, views.roster, name="roster"),
    path(STORE + "settings/", views.settings, name="settings"),
    path(STORE + "gap/", views.gap_report, name="gap_report"),
    path(STORE + "planned/", views.planned, name="planned"),
    path(STORE + "planned/seed/", views.planned_seed, name="planned_seed"),
    path(STORE + "people/new/", views.person_new, name="person_new"),
    path(PERSON, views.person_detail, name="person_detail"),
    path(PERSON + "edit/", views.person_edit, name="person_edit"),
    path(PERSON + "time-off/", views.time_off_new, name="time_off_new"),
    path(PERSON + "time-off/<int:time_off_pk>/delete/", views.time_off_remove, name="time_off_delete"),
]
