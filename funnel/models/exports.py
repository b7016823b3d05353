"""The column mapping a store's manager chose for a platform export, kept for that store's next files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stores.choices import Platform


class ExportMapping(models.Model):
    """How the columns of one layout of export file (its header row) map to opsplan's fields, for one store:
    chosen once on the preview, reused for the store's next files with the same headers."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="export_mappings", verbose_name=_("store")
    )
    # sha256 of the header row as read (see funnel.services.exports.header_signature).
    signature = models.CharField(_("header signature"), max_length=64)
    headers = models.JSONField(_("headers"), default=list)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("export column mapping")
        verbose_name_plural = _("export column mappings")
        constraints = [
            models.UniqueConstraint(fields=["store", "signature"], name="export_mapping_one_per_store_header"),
        ]
        ordering = ["store_id", "-updated_at"]

    def __str__(self) -> str:
        return f"{self.store_id} {self.platform} {self.signature[:8]}"
