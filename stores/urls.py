from django.urls import path

from . import views

app_name = "stores"

# A store's page and its edit page are the dashboards' (dashboards.urls.store_pages, added in opsplan/urls.py).
urlpatterns = [
    path("", views.StoreListView.as_view(), name="store_list"),
    path("new/", views.StoreCreateView.as_view(), name="store_create"),
]
