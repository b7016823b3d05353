"""Kinds, severities and states of alerts."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AlertKind(models.TextChoices):
    BEHIND_PLAN = "behind_plan", _("Behind plan")
    STAGE_CHANGE = "stage_change", _("Stage recommendation changed")
    LOW_RATING = "low_rating", _("Positive-rating rate below target")
    LATE_SHIPPING = "late_shipping", _("Orders shipped after 48 h")
    CONVERSION_ANOMALY = "conversion_anomaly", _("Conversion anomaly")
    STOCK_LOW = "stock_low", _("SKU below reorder point")
    STOCK_OUT_LISTED = "stock_out_listed", _("Out of stock but listed")
    PROMOTION_DECISION = "promotion_decision", _("Promotion stock decision due")
    UNDERSTAFFED = "understaffed", _("Under-staffed day ahead")


class Severity(models.TextChoices):
    INFO = "info", _("Info")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")


class AlertState(models.TextChoices):
    # States, not actions: "open" is an alert nobody has taken on yet (待处理), not the verb.
    OPEN = "open", pgettext_lazy("alert state", "Open")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("alert state", "Acknowledged")
    RESOLVED = "resolved", pgettext_lazy("alert state", "Resolved")


class EventKind(models.TextChoices):
    """What happened to an alert (``AlertEvent.event``)."""

    RAISED = "raised", _("Raised")
    SEEN = "seen", _("Changed")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")
    EMAILED = "emailed", _("E-mailed")
