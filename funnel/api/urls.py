from django.urls import path

from .views import DailyMetricView

urlpatterns = [
    path("metrics/daily/", DailyMetricView.as_view(), name="daily-metrics"),
]
