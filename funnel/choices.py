"""Kinds and statuses of the funnel, with labels in both languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The source key of figures logged by customer service in the browser; API clients use "client:<id>".
SERVICE_LOG_SOURCE = "service_log"


# The prefix of a platform export's source key: "export:<platform>" (stores.choices.Platform).
EXPORT_SOURCE_PREFIX = "export:"


def client_source(client_id: int) -> str:
    return f"client:{client_id}"


def export_source(platform: str) -> str:
    return f"{EXPORT_SOURCE_PREFIX}{platform}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    ACTIVE = "active", pgettext_lazy("plan status", "Active")
    ARCHIVED = "archived", pgettext_lazy("plan status", "Archived")


class Recommendation(models.TextChoices):
    """What the stage status suggests for a store."""

    ADVANCE = "advance", _("Advance to the next stage")
    HOLD = "hold", _("Hold the stage")
    BEHIND = "behind", _("Behind plan")
    NOT_ENOUGH_DATA = "not_enough_data", _("Not enough data yet")
    NO_PLAN = "no_plan", _("No active plan")


class MilestoneMetric(models.TextChoices):
    ORDERS_PER_DAY = "orders_per_day", _("Orders per day")
    UV_PER_DAY = "uv_per_day", _("UV per day")
    GMV_PER_DAY = "gmv_per_day", _("GMV per day")
    CONVERSION = "conversion", _("Conversion rate")
    POSITIVE_RATE = "positive_rate", _("Positive-rating rate (%)")
