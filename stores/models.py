"""Stores: the shops opsplan plans, their teams (who holds which role) and the team's history and invitations."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.dates import BusinessDateField
from core.text import bracketed

from .choices import MembershipEventKind, Platform, SourcePolicy, StoreStatus

store_code_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters, digits and single hyphens, e.g. tmall-flagship."),
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Store(models.Model):
    """An online shop on one platform (or an offline store), the unit everything is planned for."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        validators=[store_code_validator],
        help_text=_("Short unique identifier used in URLs and by API clients, e.g. tmall-flagship."),
    )
    name = models.CharField(_("name"), max_length=120)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY", editable=False)
    launch_date = BusinessDateField(_("launch date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StoreStatus.choices, default=StoreStatus.ACTIVE)
    notes = models.TextField(_("notes"), blank=True)
    source_policy = models.CharField(
        _("when sources disagree"),
        max_length=20,
        choices=SourcePolicy.choices,
        default=SourcePolicy.API,
        help_text=_(
            "Which figures count when API clients, platform exports and the customer-service log report the same day."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")

    def __str__(self) -> str:
        return bracketed(self.name, self.code)

    def get_absolute_url(self) -> str:
        return reverse("stores:store_detail", kwargs={"store": self.code})


class DirtyRange(models.Model):
    """Days of a store whose figures changed since its last rollup: one row per write, merged when read
    (stores.days)."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+")
    date_from = BusinessDateField()
    date_to = BusinessDateField()
    marked_at = models.DateTimeField()

    class Meta:
        db_table = "rollups_dirtyrange"  # made by the rollups app, whose migrations created it
        verbose_name = _("dirty range")
        verbose_name_plural = _("dirty ranges")
        indexes = [models.Index(fields=["store", "marked_at"], name="dirty_range_store")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.date_from}..{self.date_to}"


class Membership(models.Model):
    """A user's role in one store; a user sees only the stores they have a membership in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("store"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "accounts_membership"  # made by the accounts app, whose migrations created it
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "store"], name="membership_one_role_per_store")]
        ordering = ["store__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} · {self.store.code} · {self.get_role_display()}"


class MembershipEvent(models.Model):
    """One change of a store's memberships: who did what to whom, and when. Names are kept as they were, so the
    history stays readable after a user is deleted."""

    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="membership_events", verbose_name=_("store")
    )
    kind = models.CharField(_("what"), max_length=20, choices=MembershipEventKind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="membership_events",
        verbose_name=_("member"),
    )
    member_username = models.CharField(_("member's username"), max_length=150)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membership_changes_made",
        verbose_name=_("by"),
    )
    actor_username = models.CharField(_("by (username)"), max_length=150, blank=True)
    role_before = models.CharField(_("role before"), max_length=20, choices=Role.choices, blank=True)
    role_after = models.CharField(_("role after"), max_length=20, choices=Role.choices, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "accounts_membershipevent"  # made by the accounts app, whose migrations created it
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.store_id} · {self.member_username} · {self.get_kind_display()}"


class Invitation(models.Model):
    """A one-time link for a new member to set their password. Only a SHA-256 hash of the link's token is stored;
    the link works until it expires, is used, or is replaced by a newer one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("user")
    )
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("store"))
    hashed_token = models.CharField(_("hashed token"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_issued",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        db_table = "accounts_invitation"  # made by the accounts app, whose migrations created it
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.store_id} · {self.created_at:%Y-%m-%d}"
