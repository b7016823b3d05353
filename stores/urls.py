from django.urls import path

from . import views

app_name = "stores"

urlpatterns = [
    path("", views.StoreListView.as_view(), name="store_list"),
    path("new/", views.StoreCreateView.as_view(), name="store_create"),
    path("<slug:store>/", views.StoreDetailView.as_view(), name="store_detail"),
    path("<slug:store>/edit/", views.StoreUpdateView.as_view(), name="store_update"),
]
