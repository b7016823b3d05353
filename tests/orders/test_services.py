"""Saving and importing the log: the log row, its history, the funnel metric, dirty marks, all-or-nothing uploads."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest

from funnel.choices import SERVICE_LOG_SOURCE
from funnel.models import DailyMetric, DailyMetricRevision
from imports.choices import ImportStatus
from imports.models import ImportJob
from imports.services import import_job_create
from opsplan.tasks import import_job, import_job_task
from orders import services
from orders.domain import COLUMNS, LOG_FIELDS
from orders.models import ServiceLog, ServiceLogRevision
from orders.services import ServiceLogInvalid, service_log_save
from stores.days import dirty_ranges

# 2026-11-11 09:00 in Shanghai.
NOW = datetime(2026, 11, 11, 1, 0, tzinfo=UTC)
DAY = date(2026, 11, 10)


def figures(**overrides):
    values = {
        "orders": 10,
        "gmv": Decimal("965.00"),
        "refunds": 1,
        "shipped_24h": 8,
        "shipped_48h": 2,
        "shipped_later": 0,
        "complaints": 0,
        "rating_description": Decimal("4.80"),
        "rating_service": Decimal("4.90"),
        "rating_shipping": Decimal("4.70"),
        "positive_rate": Decimal("99.20"),
        "uv": 480,
    }
    return {**values, **overrides}


@pytest.fixture
def clerk(member):
    return member("customer_service")


def test_saving_a_day_creates_the_log_its_service_log_metric_and_a_dirty_mark(own_store, clerk):
    result = service_log_save(own_store, DAY, figures(), clerk, now=NOW)
    assert result.created and not result.changed
    log = ServiceLog.objects.get(store=own_store, date=DAY)
    assert (log.orders, log.gmv, log.positive_rate, log.logged_by) == (10, Decimal("965.00"), Decimal("99.20"), clerk)
    metric = DailyMetric.objects.get(store=own_store, date=DAY)
    assert metric.source == SERVICE_LOG_SOURCE
    assert (metric.orders, metric.gmv, metric.refunds, metric.uv, metric.pv) == (10, Decimal("965.00"), 1, 480, None)
    assert dirty_ranges([own_store.pk]) == [(own_store.pk, DAY, DAY)]
    assert not ServiceLogRevision.objects.exists() and not DailyMetricRevision.objects.exists()


def test_editing_a_day_keeps_the_old_figures_and_who_changed_them(own_store, clerk, member):
    service_log_save(own_store, DAY, figures(), clerk, now=NOW)
    manager = member("ops_manager")
    later = NOW + timedelta(hours=3)
    result = service_log_save(own_store, DAY, figures(orders=12, shipped_24h=10), manager, now=later)
    assert result.changed and not result.created
    [revision] = ServiceLogRevision.objects.all()
    assert revision.log == result.log and revision.changed_by == manager and revision.changed_at == later
    assert revision.values["orders"] == 10 and revision.values["gmv"] == "965.00"
    assert result.log.orders == 12 and result.log.logged_by == manager
    [metric_revision] = DailyMetricRevision.objects.all()
    assert metric_revision.values["orders"] == 10 and metric_revision.changed_by == manager
    assert DailyMetric.objects.get(store=own_store, date=DAY).orders == 12


def test_saving_the_same_figures_again_changes_nothing(own_store, clerk):
    service_log_save(own_store, DAY, figures(), clerk, now=NOW)
    result = service_log_save(own_store, DAY, figures(gmv=Decimal("965")), clerk, now=NOW + timedelta(hours=1))
    assert not result.created and not result.changed
    assert not ServiceLogRevision.objects.exists()
    assert result.log.updated_at == NOW


def test_changing_only_the_ratings_leaves_the_funnel_metric_alone(own_store, clerk, monkeypatch):
    service_log_save(own_store, DAY, figures(), clerk, now=NOW)
    marked = []
    monkeypatch.setattr(services, "dirty_mark", lambda store_days: marked.extend(store_days))
    service_log_save(own_store, DAY, figures(rating_service=Decimal("4.5")), clerk, now=NOW + timedelta(hours=1))
    assert ServiceLogRevision.objects.count() == 1
    assert not DailyMetricRevision.objects.exists()
    assert marked == []


def test_invalid_figures_are_refused_and_nothing_is_written(own_store, clerk):
    with pytest.raises(ServiceLogInvalid) as refused:
        service_log_save(own_store, DAY, figures(shipped_later=5), clerk, now=NOW)
    assert refused.value.problems[0].fields == ("shipped_24h", "shipped_48h", "shipped_later")
    assert not ServiceLog.objects.exists() and not DailyMetric.objects.exists() and dirty_ranges() == []


def test_a_day_two_days_ahead_of_the_stores_today_is_refused(own_store, clerk):
    service_log_save(own_store, date(2026, 11, 12), figures(), clerk, now=NOW)
    with pytest.raises(ServiceLogInvalid) as refused:
        service_log_save(own_store, date(2026, 11, 13), figures(), clerk, now=NOW)
    assert refused.value.problems[0].fields == ("date",)


# --- Uploads ------------------------------------------------------------------------------------------


def csv_file(rows, header=COLUMNS):
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def row(day, **overrides):
    values = figures(**overrides)
    return [day.isoformat(), *(values[name] for name in LOG_FIELDS)]


def days_before(last, count):
    return [last - timedelta(days=n) for n in range(count)]


def job_for(store, user, content, name="days.csv"):
    return ImportJob.objects.create(store=store, created_by=user, file_name=name, content=content, language="en")


def test_a_csv_upload_imports_every_day_and_mirrors_the_metrics(own_store, clerk):
    job = job_for(own_store, clerk, csv_file([row(d) for d in days_before(DAY, 3)]))
    done = import_job(job.pk, now=NOW)
    assert done.status == ImportStatus.DONE
    assert (done.total_rows, done.processed_rows, done.created_rows, done.errors) == (3, 3, 3, [])
    assert ServiceLog.objects.filter(store=own_store).count() == 3
    assert DailyMetric.objects.filter(store=own_store, source=SERVICE_LOG_SOURCE).count() == 3
    assert dirty_ranges([own_store.pk]) == [(own_store.pk, DAY - timedelta(days=2), DAY)]
    assert bytes(ImportJob.objects.get(pk=job.pk).content) == b""


def test_an_xlsx_upload_imports_dates_numbers_and_percent_cells(own_store, clerk):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append([datetime(2026, 11, 9), 10, 965.5, 1, 8, 2, 0, 0, 4.8, 4.9, 4.7, 0.992])  # noqa: DTZ001 - spreadsheet dates are naive
    sheet.cell(row=2, column=12).number_format = "0.00%"
    sheet.append(["2026-11-10", 3, 120, 0, 3, 0, 0, 1, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    done = import_job(job_for(own_store, clerk, buffer.getvalue(), "days.xlsx").pk, now=NOW)
    assert done.status == ImportStatus.DONE, done.errors
    first, second = ServiceLog.objects.order_by("date")
    assert (first.date, first.gmv, first.rating_description, first.positive_rate) == (
        date(2026, 11, 9),
        Decimal("965.50"),
        Decimal("4.80"),
        Decimal("99.20"),
    )
    assert (second.orders, second.rating_service, second.positive_rate) == (3, None, None)


def test_one_bad_row_means_nothing_is_written_and_every_problem_is_reported(own_store, clerk):
    service_log_save(own_store, DAY, figures(), clerk, now=NOW)
    rows = [row(DAY, orders=99, shipped_24h=97), row(DAY - timedelta(days=1), rating_service="5.5")]
    rows.append(row(DAY - timedelta(days=2), orders="x"))
    done = import_job(job_for(own_store, clerk, csv_file(rows)).pk, now=NOW)
    assert done.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in done.errors] == [(3, "rating_service"), (4, "orders")]
    assert done.errors[0]["message"] == "A rating is between 0.00 and 5.00."
    assert ServiceLog.objects.get().orders == 10  # the good row was not written either
    assert ServiceLog.objects.count() == 1 and DailyMetric.objects.count() == 1


def test_the_same_date_twice_in_one_file_is_refused(own_store, clerk):
    done = import_job(job_for(own_store, clerk, csv_file([row(DAY), row(DAY, orders=11)])).pk, now=NOW)
    assert done.status == ImportStatus.FAILED
    assert done.errors == [
        {"row": 3, "column": "date", "message": "2026-11-10 appears twice in the file: also on row 2."}
    ]
    assert not ServiceLog.objects.exists()


def test_an_upload_over_logged_days_keeps_their_old_figures_as_revisions(own_store, clerk, member):
    service_log_save(own_store, DAY, figures(), clerk, now=NOW)
    manager = member("ops_manager")
    rows = [row(DAY, orders=20, shipped_24h=18), row(DAY - timedelta(days=1))]
    done = import_job(job_for(own_store, manager, csv_file(rows)).pk, now=NOW + timedelta(hours=1))
    assert (done.created_rows, done.updated_rows, done.unchanged_rows) == (1, 1, 0)
    [revision] = ServiceLogRevision.objects.all()
    assert revision.values["orders"] == 10 and revision.changed_by == manager
    assert DailyMetricRevision.objects.get().values["orders"] == 10


def test_a_large_file_reports_its_progress_up_to_the_total_and_writes_in_bulk(
    own_store, clerk, django_assert_max_num_queries
):
    rows = [row(d) for d in days_before(DAY, 1200)]
    job = job_for(own_store, clerk, csv_file(rows))
    # Claim, load, total, 5 progress updates, lock, 2 reads, 2+2 bulk writes per 1,000 rows, dirty marks, finish.
    with django_assert_max_num_queries(25):
        done = import_job(job.pk, now=NOW)
    assert done.status == ImportStatus.DONE
    assert done.total_rows == done.processed_rows == 1200 and done.percent == 100
    assert ServiceLog.objects.count() == 1200 and DailyMetric.objects.count() == 1200


def test_a_file_with_more_rows_than_allowed_is_refused(own_store, clerk, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_ROWS", 5)
    done = import_job(job_for(own_store, clerk, csv_file([row(d) for d in days_before(DAY, 6)])).pk, now=NOW)
    assert done.status == ImportStatus.FAILED
    assert done.errors == [
        {"row": None, "column": "", "message": "The file has more than 5 rows; split it into smaller files."}
    ]


def test_an_unreadable_workbook_fails_with_a_message(own_store, clerk):
    done = import_job(job_for(own_store, clerk, b"PK not really", "days.xlsx").pk, now=NOW)
    assert done.status == ImportStatus.FAILED
    assert done.errors[0]["message"] == "The file is not a readable .xlsx workbook."


def test_an_uploaded_file_is_imported_once_the_upload_is_committed(
    own_store, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(own_store, clerk, "days.csv", csv_file([row(DAY)]))
        assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.QUEUED
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
    assert ServiceLog.objects.filter(store=own_store, date=DAY).exists()


def test_an_unexpected_error_fails_the_job_and_writes_nothing(own_store, clerk, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "_metrics_upsert", broken)
    job = job_for(own_store, clerk, csv_file([row(DAY)]))
    import_job_task.delay(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "nothing was saved" in job.errors[0]["message"]
    assert not ServiceLog.objects.exists()
