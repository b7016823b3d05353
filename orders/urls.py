from django.urls import path

from . import platform_views, views

app_name = "orders"

urlpatterns = [
    path("", views.OrdersHomeView.as_view(), name="home"),
    path("template.csv", views.UploadTemplateView.as_view(), name="upload_template"),
    path("<slug:store>/", views.ServiceLogView.as_view(), name="service_log"),
    path("<slug:store>/export.csv", views.ServiceLogExportView.as_view(), name="service_log_export"),
    path("<slug:store>/upload/", views.ServiceLogUploadView.as_view(), name="service_log_upload"),
    path("<slug:store>/imports/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path(
        "<slug:store>/platform-exports/",
        platform_views.PlatformExportUploadView.as_view(),
        name="platform_export_upload",
    ),
    path(
        "<slug:store>/platform-exports/<int:pk>/",
        platform_views.PlatformExportView.as_view(),
        name="platform_export",
    ),
]
