from django.urls import path

from . import views

app_name = "team"

STORE = "<slug:store>/"
MEMBER = STORE + "members/<int:pk>/"

# Store codes never contain "_" (stores.models.store_code_validator), so "_join" cannot shadow a store's pages.
urlpatterns = [
    path("", views.home, name="home"),
    path("_join/<str:token>/", views.join, name="join"),
    path(STORE, views.members, name="members"),
    path(STORE + "add/", views.member_add, name="member_add"),
    path(STORE + "invite/", views.member_invite, name="member_invite"),
    path(MEMBER + "role/", views.member_role, name="member_role"),
    path(MEMBER + "remove/", views.member_remove_view, name="member_remove"),
    path(MEMBER + "link/", views.invite_reissue, name="invite_reissue"),
]
