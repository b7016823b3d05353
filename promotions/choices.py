"""Promotion kinds, statuses and phases, with labels in both languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PromotionKind(models.TextChoices):
    """The platform events and the store's own promotions (双11, 618, 聚划算, 天天特价, 淘金币, 团购 …)."""

    DOUBLE_11 = "double_11", _("Double 11 (11.11)")
    DOUBLE_12 = "double_12", _("Double 12 (12.12)")
    MID_YEAR_618 = "618", _("618 mid-year sale")
    JUHUASUAN = "juhuasuan", _("Juhuasuan (聚划算)")
    DAILY_SPECIAL = "daily_special", _("Daily special (天天特价)")
    TAOJINBI = "taojinbi", _("Taojinbi coins (淘金币)")
    GROUP_BUY = "group_buy", _("Group buy")
    DIGITAL_FESTIVAL = "digital_festival", _("Digital festival")
    NEW_YEAR_FESTIVAL = "new_year_festival", _("Chinese New Year shopping festival (年货节)")
    NEW_LAUNCH = "new_launch", _("New launch")
    CLEARANCE = "clearance", _("Clearance")
    CUSTOM = "custom", _("Custom")


# The large platform events where the playbook allows prices below 70% of list price.
BELOW_FLOOR_KINDS = frozenset({PromotionKind.DOUBLE_11, PromotionKind.TAOJINBI})


class PromotionStatus(models.TextChoices):
    IDEA = "idea", pgettext_lazy("promotion status", "Idea")
    PLANNED = "planned", pgettext_lazy("promotion status", "Planned")
    STOCK_DECIDED = "stock_decided", pgettext_lazy("promotion status", "Stock decided")
    RUNNING = "running", pgettext_lazy("promotion status", "Running")
    DONE = "done", pgettext_lazy("promotion status", "Done")


class PhaseKind(models.TextChoices):
    """The phases a platform event has (预售定金 / 尾款 / 正式)."""

    PRESALE_DEPOSIT = "presale_deposit", _("Pre-sale deposit")
    FINAL_PAYMENT = "final_payment", _("Final payment")
    LIVE = "live", _("Live")
