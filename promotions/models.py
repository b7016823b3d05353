"""Promotions of a store: the event, its phases and the SKUs in it with their prices and expected uplift."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField
from core.text import bracketed

from .choices import PhaseKind, PromotionKind, PromotionStatus

MONEY = {"max_digits": 12, "decimal_places": 2}


class Promotion(models.Model):
    """One promotion a store takes part in or runs, from idea to done."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="promotions", verbose_name=_("store")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PromotionKind.choices)
    name = models.CharField(_("name"), max_length=120)
    start_date = BusinessDateField(_("starts"))
    end_date = BusinessDateField(_("ends"))
    budget = models.DecimalField(_("budget (CNY)"), default=Decimal("0"), validators=[MinValueValidator(0)], **MONEY)
    status = models.CharField(_("status"), max_length=15, choices=PromotionStatus.choices, default=PromotionStatus.IDEA)
    notes = models.TextField(_("notes"), blank=True)
    # The calendar preset entry a promotion was adopted from ("double_11" …), so adopting twice adds nothing.
    preset_key = models.CharField(_("preset"), max_length=40, blank=True, editable=False)
    stock_decided_on = BusinessDateField(_("stock decided on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["start_date", "name"]
        indexes = [models.Index(fields=["store", "start_date"], name="promotion_store_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="promotion_ends_after_start"),
            models.UniqueConstraint(
                fields=["store", "preset_key", "start_date"],
                condition=~Q(preset_key=""),
                name="promotion_preset_adopted_once",
            ),
        ]

    def __str__(self) -> str:
        return bracketed(self.name, f"{self.start_date} – {self.end_date}")

    def get_absolute_url(self) -> str:
        return reverse("promotions:promotion_detail", kwargs={"store": self.store.code, "pk": self.pk})

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class PromotionPhase(models.Model):
    """A phase of a platform event: pre-sale deposit, final payment, live."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="phases", verbose_name=_("promotion")
    )
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    start_date = BusinessDateField(_("starts"))
    end_date = BusinessDateField(_("ends"))

    class Meta:
        verbose_name = _("promotion phase")
        verbose_name_plural = _("promotion phases")
        ordering = ["promotion_id", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="phase_ends_after_start"),
            models.UniqueConstraint(fields=["promotion", "kind"], name="phase_once_per_promotion"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date} – {self.end_date}"


class PromotionItem(models.Model):
    """A SKU in a promotion: its promotional price, the expected uplift on baseline sales and pre-sale quantity."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="items", verbose_name=_("promotion")
    )
    product = models.ForeignKey(
        "inventory.Product", on_delete=models.CASCADE, related_name="promotion_items", verbose_name=_("product")
    )
    promo_price = models.DecimalField(_("promotional price (CNY)"), validators=[MinValueValidator(0)], **MONEY)
    # 3.00 = three times the baseline daily sales while the promotion runs.
    uplift = models.DecimalField(
        _("expected uplift (× baseline)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(0)],
    )
    presale_quantity = models.PositiveIntegerField(_("pre-sale quantity"), default=0)

    class Meta:
        verbose_name = _("promotion item")
        verbose_name_plural = _("promotion items")
        ordering = ["promotion_id", "product_id"]
        constraints = [
            models.UniqueConstraint(fields=["promotion", "product"], name="promotion_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.promotion_id}: {self.product_id} @ {self.promo_price}"


class CalendarFeedToken(models.Model):
    """A user's secret for subscribing to store calendars (.ics) from a calendar app, which cannot log in.

    Only a prefix (to find the row) and a SHA-256 hash are stored; the full key is shown once. It reads the
    calendars of the stores the user can see at the time of each fetch, nothing else; rotating it revokes the
    old one, revoking stops every subscription made with it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens", verbose_name=_("user")
    )
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    hashed_key = models.CharField(_("hashed key"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_calendar_key_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"
