"""A store's morning briefing: when and to whom it goes, the group robots it is posted to, and every delivery."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.crypto import SealedValueUnreadable, unseal
from core.dates import BusinessDateField

from .choices import Channel, DeliveryStatus, Language, Purpose


def default_roles() -> list[str]:
    return [Role.OPS_MANAGER.value]


class BriefingSettings(models.Model):
    """When a store's briefing goes out (the hour in the store's time zone) and who gets it by e-mail."""

    store = models.OneToOneField(
        "stores.Store", on_delete=models.CASCADE, related_name="briefing_settings", verbose_name=_("store")
    )
    enabled = models.BooleanField(_("send the morning briefing"), default=True)
    send_hour = models.PositiveSmallIntegerField(
        _("send hour"),
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text=_("In the store's time zone."),
    )
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.BILINGUAL)
    email_roles = models.JSONField(_("e-mail the members with these roles"), default=default_roles, blank=True)
    extra_emails = models.JSONField(_("also e-mail these addresses"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("briefing settings")
        verbose_name_plural = _("briefing settings")

    def __str__(self) -> str:
        return f"{self.store.code} · {self.send_hour:02d}:00"


class WebhookChannel(models.Model):
    """A group robot a store's briefing is posted to. Its address and signing secret are sealed (core.crypto)
    and never shown back in full: the address is masked, the secret only said to be set."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="briefing_channels", verbose_name=_("store")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    sealed_url = models.TextField(_("webhook address (encrypted)"))
    sealed_secret = models.TextField(_("signing secret (encrypted)"), blank=True)
    url_hint = models.CharField(_("webhook address"), max_length=200, help_text=_("Masked."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        constraints = [models.UniqueConstraint(fields=["store", "channel"], name="briefing_one_robot_per_platform")]
        ordering = ["store", "channel"]

    def __str__(self) -> str:
        return f"{self.store.code} · {self.get_channel_display()} · {self.url_hint}"

    @property
    def has_secret(self) -> bool:
        return bool(self.sealed_secret)

    def credentials(self) -> tuple[str, str]:
        """The address and secret in clear, for sending only; raises SealedValueUnreadable after a key change."""
        return unseal(self.sealed_url), unseal(self.sealed_secret)

    @property
    def is_readable(self) -> bool:
        try:
            self.credentials()
        except SealedValueUnreadable:
            return False
        return True


class BriefingDelivery(models.Model):
    """One sending of a store's briefing (or a test message) on one channel: pending until the platform accepted
    it or the attempts ran out. A store's briefing is sent once per channel and day."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="briefing_deliveries", verbose_name=_("store")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    day = BusinessDateField(_("day"))
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.BRIEFING)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("briefing delivery")
        verbose_name_plural = _("briefing deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["store", "channel", "day"],
                condition=Q(purpose=Purpose.BRIEFING),
                name="briefing_once_per_channel_and_day",
            )
        ]
        indexes = [models.Index(fields=["status", "next_retry_at"], name="briefing_delivery_due")]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.store_id} · {self.channel} · {self.day} · {self.status}"
