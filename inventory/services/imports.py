"""The products import: every row of an uploaded file is checked, then all are written in one transaction or none.

It runs as an import job (``imports``: upload, background task, progress page), the importer of the ``products``
kind listed in ``opsplan.tasks.IMPORTERS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import F

from core.cells import RowError
from core.tabular import TableError, read_table
from imports.models import ImportJob
from imports.services import WriteCounts, import_job_progress
from stores.models import Store

from ..models import Product
from ..product_rows import COLUMNS, DEFAULTS, REQUIRED_COLUMNS, ProductRow, validate_product_rows

MAX_UPLOAD_ROWS = 5_000
BATCH_SIZE = 1_000


def products_import(job: ImportJob, now: datetime) -> tuple[Sequence[RowError], WriteCounts | None]:
    """The importer of a products file: errors (nothing written) or the counts of what was written."""
    try:
        rows = read_table(
            bytes(job.content), job.file_name, max_rows=MAX_UPLOAD_ROWS, columns=COLUMNS, required=REQUIRED_COLUMNS
        )
    except TableError as exc:
        return [RowError(None, "", exc.message)], None
    import_job_progress(job, total=len(rows))
    clean, errors = validate_product_rows(rows, progress=lambda done: import_job_progress(job, done=done))
    if errors:
        return errors, None
    return [], products_write(job.store, clean, now)


def products_write(store: Store, rows: Sequence[ProductRow], now: datetime) -> WriteCounts:
    """Create the new SKUs and change the existing ones (their version goes up), all or nothing."""
    with transaction.atomic():
        # Locked so an edit in the browser meanwhile waits, then sees the new version (and a conflict).
        existing = {
            p.code: p
            for p in Product.objects.select_for_update()
            .filter(store=store, code__in=[r.code for r in rows])
            .order_by("pk")
        }
        to_create: list[Product] = []
        changed: list[Product] = []
        for row in rows:
            product = existing.get(row.code)
            if product is None:
                to_create.append(Product(store=store, code=row.code, **{**DEFAULTS, **row.values}))
                continue
            if any(getattr(product, name) != value for name, value in row.values.items()):
                for name, value in row.values.items():
                    setattr(product, name, value)
                product.updated_at = now
                changed.append(product)
        Product.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        fields = sorted({name for row in rows for name in row.values} | {"updated_at"})
        Product.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)
        Product.objects.filter(pk__in=[p.pk for p in changed]).update(version=F("version") + 1)
    created, updated = len(to_create), len(changed)
    return WriteCounts(created=created, updated=updated, unchanged=len(rows) - created - updated)
