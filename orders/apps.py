from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Customer-service log")

    def ready(self) -> None:
        from .choices import ImportKind
        from .platform_exports import platform_export_import
        from .services import importer_register

        importer_register(ImportKind.PLATFORM_EXPORT, platform_export_import)
