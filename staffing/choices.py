"""Employment types, time-off kinds and the units capacity norms are counted in, with labels in both languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    TEMPORARY = "temporary", _("Temporary (promotions)")


class NormUnit(models.TextChoices):
    """What one person of a role gets done; ``fixed`` roles are staffed by a minimum, not by workload."""

    ORDERS_PER_HOUR = "orders_per_hour", _("orders per person-hour")
    PARCELS_PER_DAY = "parcels_per_day", _("parcels per person-day")
    LISTINGS_PER_DAY = "listings_per_day", _("listings edited per person-day")
    PAGES_PER_DAY = "pages_per_day", _("product pages designed per person-day")
    AD_SPEND_PER_DAY = "ad_spend_per_day", _("ad spend managed per person-day (CNY)")
    FIXED = "fixed", _("fixed headcount")


class TimeOffKind(models.TextChoices):
    ANNUAL_LEAVE = "annual_leave", _("Annual leave")
    SICK = "sick", _("Sick leave")
    PUBLIC_HOLIDAY = "public_holiday", _("Public holiday")
    OTHER = "other", _("Other")
