"""Import jobs: the uploaded files that every feature app imports through one mechanism (upload, worker, progress
page, all or nothing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import bracketed

from .choices import ImportKind, ImportStatus

# The page of a job, by kind: the app that owns the rows shows it (by URL name, so this app imports none of them).
JOB_PAGES = {
    ImportKind.SERVICE_LOG: "orders:import_job",
    ImportKind.PRODUCTS: "inventory:import_job",
    ImportKind.PLATFORM_EXPORT: "orders:platform_export",
}


class ImportJob(models.Model):
    """One uploaded file (customer-service logs, products, platform exports): its content, progress and outcome."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("store")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices, default=ImportKind.SERVICE_LOG)
    file_name = models.CharField(_("file name"), max_length=255)
    # Kept in the row so any worker can read it without shared media storage; emptied once imported.
    content = models.BinaryField(_("content"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    created_rows = models.PositiveIntegerField(_("rows added"), default=0)
    updated_rows = models.PositiveIntegerField(_("rows changed"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("rows unchanged"), default=0)
    # What the uploader chose on the preview (a platform export's platform and column mapping).
    options = models.JSONField(_("options"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    # The uploader's language, so a worker writes the error report in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        # The table kept its name when the model moved here from orders: only Django's state moved.
        db_table = "orders_importjob"
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return bracketed(self.file_name, self.get_status_display())

    def get_absolute_url(self) -> str:
        return reverse(JOB_PAGES[self.kind], kwargs={"store": self.store.code, "pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def is_preview(self) -> bool:
        return self.status == ImportStatus.PREVIEW

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return min(100, self.processed_rows * 100 // self.total_rows) if self.total_rows else 0
