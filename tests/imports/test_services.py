"""Import jobs whatever their kind: queued once committed, run once, taken again when their worker died, finished
with errors or counts, and expired when nobody confirmed them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from core.cells import RowError
from imports.choices import ImportKind, ImportStatus
from imports.models import ImportJob
from imports.selectors import import_job_for, recent_import_jobs
from imports.services import (
    MAX_STORED_ERRORS,
    PREVIEW_DAYS,
    WriteCounts,
    import_job_confirm,
    import_job_fail,
    import_job_progress,
    import_job_run,
    import_previews_expire,
)

NOW = datetime(2026, 11, 11, 1, 0, tzinfo=UTC)


@pytest.fixture
def clerk(member):
    return member("customer_service")


def job_for(store, user, kind=ImportKind.SERVICE_LOG, **fields):
    return ImportJob.objects.create(
        store=store, created_by=user, kind=kind, file_name="rows.csv", content=b"a,b\n1,2\n", language="en", **fields
    )


def counting(job, now):
    """An importer that checks two rows and writes them."""
    import_job_progress(job, total=2)
    import_job_progress(job, done=2)
    return [], WriteCounts(created=1, updated=1, unchanged=0)


def refusing(job, now):
    """An importer that finds a problem in each of its rows, and in the file itself."""
    import_job_progress(job, total=MAX_STORED_ERRORS + 1)
    return [RowError(None, "", "unreadable"), *(RowError(n, "a", "bad") for n in range(MAX_STORED_ERRORS))], None


IMPORTERS = {ImportKind.SERVICE_LOG: counting, ImportKind.PRODUCTS: refusing}


def test_a_job_is_run_by_its_kinds_importer_and_keeps_its_counts_not_its_file(own_store, clerk):
    done = import_job_run(job_for(own_store, clerk).pk, IMPORTERS, now=NOW)
    assert (done.status, done.total_rows, done.processed_rows, done.percent) == (ImportStatus.DONE, 2, 2, 100)
    assert (done.created_rows, done.updated_rows, done.unchanged_rows, done.errors) == (1, 1, 0, [])
    stored = ImportJob.objects.get(pk=done.pk)
    assert bytes(stored.content) == b"" and stored.started_at == NOW and stored.finished_at is not None


def test_a_refused_file_keeps_the_first_errors_and_counts_them_all(own_store, clerk):
    done = import_job_run(job_for(own_store, clerk, ImportKind.PRODUCTS).pk, IMPORTERS, now=NOW)
    stored = ImportJob.objects.get(pk=done.pk)
    assert (stored.status, stored.error_count, len(stored.errors)) == (
        ImportStatus.FAILED,
        MAX_STORED_ERRORS + 1,
        MAX_STORED_ERRORS,
    )
    assert stored.errors[0] == {"row": None, "column": "", "message": "unreadable"}
    assert stored.created_rows == 0 and bytes(stored.content) == b""


def test_a_job_runs_once_even_if_its_task_is_delivered_twice(own_store, clerk):
    job = job_for(own_store, clerk)
    assert import_job_run(job.pk, IMPORTERS, now=NOW) is not None
    assert import_job_run(job.pk, IMPORTERS, now=NOW) is None


def test_a_job_whose_worker_died_is_taken_again(own_store, clerk, settings):
    job = job_for(own_store, clerk)
    stale = NOW - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=stale)
    assert import_job_run(job.pk, IMPORTERS, now=NOW).status == ImportStatus.DONE


def test_a_job_still_running_is_not_taken_twice(own_store, clerk):
    job = job_for(own_store, clerk, status=ImportStatus.RUNNING, started_at=NOW - timedelta(seconds=10))
    assert import_job_run(job.pk, IMPORTERS, now=NOW) is None


def test_a_preview_is_confirmed_once_with_the_options_chosen_on_it(
    own_store, clerk, django_capture_on_commit_callbacks
):
    job = job_for(own_store, clerk, ImportKind.PLATFORM_EXPORT, status=ImportStatus.PREVIEW)
    with django_capture_on_commit_callbacks() as queued:
        assert import_job_confirm(job, {"platform": "tmall"})
        assert not import_job_confirm(job, {"platform": "jd"})
    job.refresh_from_db()
    assert (job.status, job.options, len(queued)) == (ImportStatus.QUEUED, {"platform": "tmall"}, 1)


def test_a_failure_outside_the_rows_fails_the_job_but_never_a_finished_one(own_store, clerk):
    running = job_for(own_store, clerk, status=ImportStatus.RUNNING)
    done = job_for(own_store, clerk, status=ImportStatus.DONE)
    for job in (running, done):
        import_job_fail(job.pk, "stopped")
    running.refresh_from_db()
    done.refresh_from_db()
    assert (running.status, running.errors, running.error_count) == (
        ImportStatus.FAILED,
        [{"row": None, "column": "", "message": "stopped"}],
        1,
    )
    assert done.status == ImportStatus.DONE and done.errors == []


def test_an_upload_left_unconfirmed_for_a_week_expires_once_in_its_uploaders_language(own_store, clerk):
    now = datetime.now(UTC)
    old = job_for(own_store, clerk, ImportKind.PLATFORM_EXPORT, status=ImportStatus.PREVIEW)
    zh = job_for(own_store, clerk, ImportKind.PLATFORM_EXPORT, status=ImportStatus.PREVIEW)
    ImportJob.objects.filter(pk=zh.pk).update(language="zh-hans")
    ImportJob.objects.update(created_at=now - timedelta(days=PREVIEW_DAYS, minutes=1))
    fresh = job_for(own_store, clerk, ImportKind.PLATFORM_EXPORT, status=ImportStatus.PREVIEW)
    queued = job_for(own_store, clerk)
    ImportJob.objects.filter(pk=queued.pk).update(created_at=now - timedelta(days=PREVIEW_DAYS + 1))

    with translation.override("en"):
        assert import_previews_expire(now) == 2
        assert import_previews_expire(now) == 0  # once
    old, zh, fresh, queued = (ImportJob.objects.get(pk=job.pk) for job in (old, zh, fresh, queued))
    assert (old.status, bytes(old.content), old.error_count, old.finished_at) == (ImportStatus.FAILED, b"", 1, now)
    assert old.errors[0]["message"].startswith("The file was not confirmed within 7 days")
    assert zh.errors[0]["message"].startswith("文件在 7 天内未确认")
    assert fresh.status == ImportStatus.PREVIEW and bytes(fresh.content)
    assert queued.status == ImportStatus.QUEUED


def test_a_store_sees_its_own_jobs_of_one_kind_never_another_stores(own_store, other_store, clerk):
    own = job_for(own_store, clerk)
    products = job_for(own_store, clerk, ImportKind.PRODUCTS)
    other = job_for(other_store, clerk)
    assert import_job_for(own_store, own.pk) == own
    assert import_job_for(own_store, other.pk) is None
    assert import_job_for(own_store, products.pk) is None
    assert import_job_for(own_store, products.pk, kind=ImportKind.PRODUCTS) == products
    assert recent_import_jobs(own_store) == [own]
    assert list(own_store.import_jobs.order_by("pk")) == [own, products]
