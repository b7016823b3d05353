"""Channels the morning briefing goes out on, and the states of one delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a briefing is delivered: e-mail, or a group robot's webhook."""

    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")
    FEISHU = "feishu", _("Feishu group bot")


WEBHOOK_CHANNELS = (Channel.WECOM, Channel.DINGTALK, Channel.FEISHU)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Purpose(models.TextChoices):
    BRIEFING = "briefing", _("Morning briefing")
    TEST = "test", _("Test message")


class Language(models.TextChoices):
    """The language a briefing is written in; bilingual puts the Chinese text first, then the English."""

    BILINGUAL = "bilingual", _("Chinese and English")
    ZH_HANS = "zh-hans", _("Simplified Chinese")
    EN = "en", _("English")
