from django.urls import path

from . import views, views_calendar

app_name = "promotions"

STORE = "<slug:store>/"
PROMOTION = STORE + "<int:pk>/"

# Store codes never contain "_" (stores.models.store_code_validator), so "_feed" cannot shadow a store's pages.
urlpatterns = [
    path("", views_calendar.calendar_all, name="calendar"),
    path("_feed/", views_calendar.feed_keys, name="feed_keys"),
    path("_feed/<str:key>/<slug:code>.ics", views_calendar.store_feed, name="store_feed"),
    path(STORE, views.promotion_list, name="promotion_list"),
    path(STORE + "calendar/", views_calendar.calendar_store, name="store_calendar"),
    path(STORE + "new/", views.promotion_new, name="promotion_new"),
    path(STORE + "preset/", views.preset, name="preset"),
    path(STORE + "import/", views_calendar.import_file, name="import"),
    path(STORE + "export.<str:fmt>", views_calendar.export, name="export"),
    path(PROMOTION, views.promotion_detail, name="promotion_detail"),
    path(PROMOTION + "edit/", views.promotion_edit, name="promotion_edit"),
    path(PROMOTION + "delete/", views.promotion_remove, name="promotion_delete"),
    path(PROMOTION + "status/", views.status_change, name="promotion_status"),
    path(PROMOTION + "items/", views.item_add, name="item_add"),
    path(PROMOTION + "items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path(PROMOTION + "phases/", views.phase_save, name="phase_save"),
    path(PROMOTION + "phases/<int:phase_pk>/delete/", views.phase_delete, name="phase_delete"),
]
