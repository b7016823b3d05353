"""Product roles, lifecycle stages and stock movement kinds, with labels in both languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductRole(models.TextChoices):
    """What a product is for in the assortment (引流款 / 利润款)."""

    TRAFFIC_DRIVER = "traffic_driver", _("Traffic driver")
    PROFIT = "profit", _("Profit contributor")


class Lifecycle(models.TextChoices):
    """Where a product is in its life (培育期 / 成长期 / 成熟期)."""

    CULTIVATION = "cultivation", _("Cultivation")
    GROWTH = "growth", _("Growth")
    MATURITY = "maturity", _("Maturity")


class MovementKind(models.TextChoices):
    """Why stock moved. Sales and returns reduce and add back; a count records the difference it found."""

    RECEIPT = "receipt", _("Receipt from factory")
    SALE = "sale", _("Sale")
    RETURN = "return", _("Return")
    ADJUSTMENT = "adjustment", _("Adjustment")
    COUNT = "count", _("Stock count")


class FactoryOrderStatus(models.TextChoices):
    OPEN = "open", _("Ordered")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")
