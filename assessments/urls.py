from django.urls import path

from . import views, views_manage

app_name = "assessments"

STORE = "<slug:store>/"

urlpatterns = [
    path("", views.home, name="home"),
    path(STORE, views.scorecards, name="scorecards"),
    path(STORE + "mine/", views.mine, name="mine"),
    path(STORE + "people/<int:person>/", views.person_detail, name="person_detail"),
    path(STORE + "export.<str:fmt>", views.export, name="export"),
    path(STORE + "weights/", views_manage.weights, name="weights"),
    path(STORE + "teamwork/", views_manage.teamwork, name="teamwork"),
    path(STORE + "compute/", views_manage.compute, name="compute"),
    path(STORE + "finalise/", views_manage.finalise, name="finalise"),
]
