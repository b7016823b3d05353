"""API clients (programs that push to and read from stores) and their keys. Who is a member of which store is kept
by stores (:class:`stores.models.Membership`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import joined

from .choices import ApiScope


def default_scopes() -> list[str]:
    """The narrowest grant: a new API client pushes daily metrics and reads nothing."""
    return [ApiScope.PUSH_METRICS.value]


class ApiClient(models.Model):
    """A program that pushes data for a set of stores; it is the `source` of what it pushes. Its ``scopes``
    (:class:`accounts.choices.ApiScope`) decide what it may do there (``accounts.grants.API_CLIENT_ACTIONS``)."""

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
            names = joined(map(str, unknown))
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
