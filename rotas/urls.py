from django.urls import path

from . import views, views_shifts

app_name = "rotas"

STORE = "<slug:store>/"
ROLE = STORE + "<slug:role>/"
SHIFT = STORE + "shifts/<int:pk>/"

# Store codes never contain "_" (stores.models.store_code_validator), so "_mine" cannot shadow a store's pages.
urlpatterns = [
    path("", views.home, name="home"),
    path("_mine/", views.mine, name="mine"),
    path(SHIFT, views_shifts.shift_edit, name="shift_edit"),
    path(SHIFT + "delete/", views_shifts.shift_remove, name="shift_delete"),
    path(ROLE, views.rota_calendar, name="rota_calendar"),
    path(ROLE + "generate/", views.generate, name="generate"),
    path(ROLE + "patterns/", views_shifts.patterns, name="patterns"),
    path(ROLE + "patterns/<int:pk>/delete/", views_shifts.pattern_remove, name="pattern_delete"),
    path(ROLE + "shifts/new/", views_shifts.shift_new, name="shift_new"),
]
