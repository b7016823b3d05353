from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from orders.choices import ImportKind
        from orders.services import importer_register

        from .services.imports import products_import

        importer_register(ImportKind.PRODUCTS, products_import)
