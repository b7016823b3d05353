"""The three dimensions of an assessment and the figures each is scored on, with labels in both languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    """The playbook's three (seed 001, 工作考核): results, customer satisfaction, teamwork."""

    RESULTS = "results", _("Results")
    SATISFACTION = "satisfaction", _("Customer satisfaction")
    TEAMWORK = "teamwork", _("Teamwork")


class ResultsMetric(models.TextChoices):
    """What "results" means beyond sales: traffic, conversion, order value and repeat buyers."""

    GMV = "gmv", _("Sales (GMV) against plan")
    UV = "uv", _("Visitors (UV) against plan")
    CONVERSION = "conversion", _("Conversion against plan")
    AOV = "aov", _("Average order value against plan")
    REPEAT_RATE = "repeat_rate", _("Repeat-purchase rate against target")


class SatisfactionMetric(models.TextChoices):
    """Taobao's three shop ratings (DSR) and the positive-rating rate."""

    DESCRIPTION = "rating_description", _("Rating: item as described")
    SERVICE = "rating_service", _("Rating: service attitude")
    SHIPPING = "rating_shipping", _("Rating: shipping speed")
    POSITIVE_RATE = "positive_rate", _("Positive-rating rate")
