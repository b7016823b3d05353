"""Platforms and store statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    """The marketplace or channel a store sells on."""

    TAOBAO = "taobao", _("Taobao")
    TMALL = "tmall", _("Tmall")
    JD = "jd", _("JD")
    DOUYIN = "douyin", _("Douyin")
    PINDUODUO = "pinduoduo", _("Pinduoduo")
    OWN_SITE = "own_site", _("Own website")
    OFFLINE = "offline", _("Offline store")


class StoreStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class SourcePolicy(models.TextChoices):
    """Which source counts when several report the same store-day (default: API clients)."""

    API = "api", _("API clients first, then the customer-service log")
    SERVICE_LOG = "service_log", _("Customer-service log first, then API clients")
