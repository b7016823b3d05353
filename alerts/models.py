"""Alerts raised by the rollups about a store, with their state and history."""

import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField

from .choices import AlertKind, AlertState, EventKind, Severity
from .rulebook import alert_subjects, alert_text


class Alert(models.Model):
    """Something about a store that needs a person: one row per condition (``kind`` + ``key``),
    re-raised while it holds, resolved when it no longer does."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="alerts", verbose_name=_("store"))
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    # What the alert is about within its kind, e.g. a date, a SKU code or a stage: one open alert per key.
    key = models.CharField(_("key"), max_length=100, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    state = models.CharField(_("state"), max_length=15, choices=AlertState.choices, default=AlertState.OPEN)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-last_seen"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "kind", "key"],
                condition=~Q(state=AlertState.RESOLVED),
                name="alert_one_unresolved_per_condition",
            )
        ]
        indexes = [models.Index(fields=["store", "state"], name="alert_store_state")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.kind} {self.key}"

    def get_absolute_url(self) -> str:
        return reverse("alerts:alert_detail", kwargs={"store": self.store.code, "pk": self.pk})

    # Title and detail are stored in the site's default language; pages and e-mails render them again
    # from ``data`` in the reader's language (see alerts.rulebook.alert_text).
    # Dates are said relative to the store's today ("overdue by 4 days"), whenever the page is read.
    def _texts(self) -> tuple[str, str]:
        today = timezone.localdate(timezone=zoneinfo.ZoneInfo(self.store.time_zone))
        return alert_text(self.kind, self.data, self.title, self.detail, today)

    @property
    def display_title(self) -> str:
        return self._texts()[0]

    @property
    def display_detail(self) -> str:
        return self._texts()[1]

    @property
    def subjects(self) -> tuple:
        """The pages of what the alert is about, best first (alerts.rules.Subject)."""
        return alert_subjects(self.kind, self.data)

    @property
    def is_resolved(self) -> bool:
        return self.state == AlertState.RESOLVED


class AlertEvent(models.Model):
    """The history of an alert: raised, seen again, acknowledged, resolved, e-mailed."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"))
    event = models.CharField(_("event"), max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.event}"

    @property
    def label(self) -> str:
        return str(EventKind(self.event).label) if self.event in EventKind.values else self.event


class AlertEvaluation(models.Model):
    """The last evaluation of a store's alerts: for which day, when, and the stage recommendation it saw,
    which the next evaluation compares against to notice a change."""

    store = models.OneToOneField(
        "stores.Store", on_delete=models.CASCADE, related_name="alert_evaluation", verbose_name=_("store")
    )
    as_of = BusinessDateField(_("as of"))
    evaluated_at = models.DateTimeField(_("evaluated at"))
    recommendation = models.CharField(_("stage recommendation"), max_length=20)

    class Meta:
        verbose_name = _("alert evaluation")
        verbose_name_plural = _("alert evaluations")

    def __str__(self) -> str:
        return f"{self.store_id} {self.as_of}"
