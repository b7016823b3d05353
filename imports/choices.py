"""Kinds and statuses of uploaded-file imports, with labels in both languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    """Where an uploaded file is: shown for confirmation (platform exports), waiting for a worker, being checked
    and written, or finished."""

    PREVIEW = "preview", _("Waiting for confirmation")
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportKind(models.TextChoices):
    """What an uploaded file holds; each kind has its importer (listed in ``opsplan.tasks.IMPORTERS``)."""

    SERVICE_LOG = "service_log", _("Customer-service log days")
    PRODUCTS = "products", _("Products")
    PLATFORM_EXPORT = "platform_export", _("Platform export days")
