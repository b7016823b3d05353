from django.urls import path

from . import views

app_name = "briefings"

urlpatterns = [
    path("<slug:store>/", views.briefing_settings, name="settings"),
    path("<slug:store>/test/", views.test_send, name="test_send"),
    path("<slug:store>/again/", views.send_again, name="send_again"),
]
