"""Reads of import jobs: one job of a store, a store's recent uploads of a kind."""

from __future__ import annotations

from collections.abc import Sequence

from stores.models import Store

from .choices import ImportKind
from .models import ImportJob


def import_job_for(store: Store, pk: int, kind: str = ImportKind.SERVICE_LOG) -> ImportJob | None:
    """An import of this kind and store (never another store's), without its file content."""
    jobs = ImportJob.objects.defer("content").filter(store=store, pk=pk, kind=kind)
    return jobs.select_related("store", "created_by").first()


def recent_import_jobs(store: Store, limit: int = 5, kind: str = ImportKind.SERVICE_LOG) -> Sequence[ImportJob]:
    """The store's latest uploads of a kind, newest first, without their file content."""
    jobs = ImportJob.objects.defer("content").filter(store=store, kind=kind).select_related("store", "created_by")
    return list(jobs[:limit])
