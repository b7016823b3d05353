"""Statuses of the customer-service log's imports, with labels in both languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    """Where an uploaded file is: waiting for a worker, being checked and written, or finished."""

    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")
