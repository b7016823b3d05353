"""Memberships (who may do what in which store) and API clients (who may push to which store)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ApiScope, Role


def default_scopes() -> list[str]:
    """The narrowest grant: a new API client pushes daily metrics and reads nothing."""
    return [ApiScope.PUSH_METRICS.value]


class Membership(models.Model):
    """A user's role in one store; a user sees only the stores they have a membership in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("store")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "store"], name="membership_one_role_per_store")]
        ordering = ["store__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} · {self.store.code} · {self.get_role_display()}"


class ApiClient(models.Model):
    """A program that pushes data for a set of stores; it is the `source` of what it pushes. Its ``scopes``
    (:class:`accounts.choices.ApiScope`) decide what it may do there (``accounts.permissions.API_CLIENT_ACTIONS``)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    stores = models.ManyToManyField("stores.Store", related_name="api_clients", verbose_name=_("stores"))
    scopes = models.JSONField(
        _("scopes"),
        default=default_scopes,
        help_text=_("What the client may do in its stores; give it only what it needs."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    # DRF treats the authenticated principal like a user; an API client is never staff.
    is_authenticated = True
    is_anonymous = False
    is_superuser = False
    is_staff = False

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = [s for s in self.scopes or [] if s not in ApiScope.values]
        if not isinstance(self.scopes, list) or unknown:
            names = ", ".join(map(str, unknown))
            raise ValidationError({"scopes": _("Unknown scope(s): %(scopes)s.") % {"scopes": names}})
        if not self.scopes:
            raise ValidationError({"scopes": _("Give the client at least one scope.")})


class ApiKey(models.Model):
    """One key of an API client. Only its prefix (to find it) and a SHA-256 hash are stored."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="keys", verbose_name=_("client"))
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    hashed_key = models.CharField(_("hashed key"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.client.name} · {self.prefix}…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None and self.revoked_at <= timezone.now()


class MembershipEventKind(models.TextChoices):
    """What happened to a membership."""

    ADDED = "added", _("Added")
    ROLE_CHANGED = "role_changed", _("Role changed")
    REMOVED = "removed", _("Removed")
    INVITE_ISSUED = "invite_issued", _("Invitation link issued")
    INVITE_USED = "invite_used", _("Invitation link used")


class MembershipEvent(models.Model):
    """One change of a store's memberships: who did what to whom, and when. Names are kept as they were, so the
    history stays readable after a user is deleted."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="membership_events", verbose_name=_("store")
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
    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("store")
    )
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
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.store_id} · {self.created_at:%Y-%m-%d}"
