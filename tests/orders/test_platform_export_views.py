"""The pages of a platform export's import: upload, preview, confirm, progress; who may open them."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from funnel.models import DailyMetric, ExportMapping
from imports.choices import ImportKind, ImportStatus
from imports.models import ImportJob
from imports.services import PREVIEW_DAYS, import_previews_expire
from tests.factories import MembershipFactory
from tests.funnel.import_files import sycm_csv, unknown_csv

FIRST = date(2026, 11, 1)
REFUSED = ["customer_service", "designer", "promoter", "logistics", "finance", "editor", "viewer"]


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def manager(member):
    return member("ops_manager")


def upload(client, store, content, name="sycm.csv"):
    return client.post(
        f"/orders/{store.code}/platform-exports/",
        {"store": store.code, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_a_manager_uploads_previews_and_imports_a_file(manager, own_store, django_capture_on_commit_callbacks):
    client = browser(manager)
    assert client.get(f"/orders/{own_store.code}/platform-exports/").status_code == 200
    response = upload(client, own_store, sycm_csv(FIRST, 3))
    job = ImportJob.objects.get()
    assert (job.kind, job.status) == (ImportKind.PLATFORM_EXPORT, ImportStatus.PREVIEW)
    assert response.url == f"/orders/{own_store.code}/platform-exports/{job.pk}/"

    page = client.get(response.url)
    assert page.status_code == 200 and not DailyMetric.objects.exists()
    html = page.content.decode()
    assert "Shengyi Canmou" in html and "1,810" in html and "¥5,389.00" in html and "2026-11-02" in html

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(response.url, {"action": "import"})
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_rows, job.unchanged_rows) == (ImportStatus.DONE, 3, 0)
    assert DailyMetric.objects.filter(store=own_store, source="export:tmall").count() == 3
    done = client.get(response.url).content.decode()
    assert "3 added" in done and "/dashboards/own-store/days/?from=2026-11-01&amp;to=2026-11-03" in done


def test_the_same_file_twice_shows_every_day_unchanged(manager, own_store, django_capture_on_commit_callbacks):
    client = browser(manager)
    for _time in range(2):
        url = upload(client, own_store, sycm_csv(FIRST, 3)).url
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"action": "import"})
    job = ImportJob.objects.order_by("-pk").first()
    assert (job.created_rows, job.updated_rows, job.unchanged_rows) == (0, 0, 3)
    assert "3 unchanged" in client.get(url).content.decode()


def test_a_file_with_a_bad_row_shows_that_rows_error_and_cannot_be_imported(manager, own_store):
    client = browser(manager)
    url = upload(client, own_store, sycm_csv(FIRST, 4, bad_line=1)).url
    page = client.get(url).content.decode()
    assert 'data-testid="export-errors"' in page and "Line 5" in page and 'data-testid="export-import"' not in page
    refused = client.post(url, {"action": "import"})
    assert refused.status_code == 400
    assert ImportJob.objects.get().status == ImportStatus.PREVIEW and not DailyMetric.objects.exists()


def test_a_manager_maps_an_unrecognised_file_once_for_the_store(manager, own_store):
    client = browser(manager)
    url = upload(client, own_store, unknown_csv(FIRST, 2), "report.csv").url
    assert "not recognised" in client.get(url).content.decode()
    mapping = {"platform": "douyin", "column_0": "date", "column_1": "uv", "column_2": "orders", "column_3": "gmv"}
    assert client.post(url, {"action": "map", **mapping, "column_4": "refunds"}).status_code == 302
    kept = ExportMapping.objects.get(store=own_store)
    assert kept.platform == "douyin" and kept.mapping["店铺自定义列"] == "refunds"

    again = upload(client, own_store, unknown_csv(FIRST, 2), "next.csv").url
    assert "the mapping kept for this store" in client.get(again).content.decode()
    duplicate = client.post(again, {"action": "map", **mapping, "column_4": "uv"})
    assert duplicate.status_code == 400 and "Several columns are mapped" in duplicate.content.decode()


def test_a_file_that_is_not_a_report_is_refused_with_a_clear_message(manager, own_store):
    response = upload(browser(manager), own_store, b"\x00\x01", "photo.png")
    assert response.status_code == 400 and "photo.png is not an .xlsx, .xls or .csv file." in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", REFUSED)
def test_roles_other_than_the_ops_manager_are_refused(role, member, own_store):
    job = ImportJob.objects.create(store=own_store, kind=ImportKind.PLATFORM_EXPORT, file_name="a.csv", content=b"")
    client = browser(member(role))
    pages = [f"/orders/{own_store.code}/platform-exports/", job.get_absolute_url()]
    assert [client.get(url).status_code for url in pages] == [403, 403]
    assert upload(client, own_store, sycm_csv(FIRST, 2)).status_code == 403
    assert ImportJob.objects.count() == 1


def test_another_stores_manager_finds_nothing(own_store, other_store):
    stranger = MembershipFactory(store=other_store, role="ops_manager").user
    job = ImportJob.objects.create(store=own_store, kind=ImportKind.PLATFORM_EXPORT, file_name="a.csv", content=b"")
    client = browser(stranger)
    assert client.get(f"/orders/{own_store.code}/platform-exports/").status_code == 404
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(job.get_absolute_url(), {"action": "import"}).status_code == 404
    # Nor can they name the other store in their own store's upload form.
    response = client.post(
        f"/orders/{other_store.code}/platform-exports/",
        {"store": own_store.code, "file": SimpleUploadedFile("a.csv", sycm_csv(FIRST, 2))},
    )
    assert response.status_code == 400 and not ImportJob.objects.filter(store=own_store).exclude(pk=job.pk).exists()


def test_an_import_of_another_kind_is_not_found_here(manager, own_store):
    job = ImportJob.objects.create(store=own_store, file_name="days.csv", content=b"")
    assert browser(manager).get(f"/orders/{own_store.code}/platform-exports/{job.pk}/").status_code == 404


def test_an_expired_upload_says_so_and_can_no_longer_be_imported(manager, own_store):
    """The expiry itself (which uploads, once, in whose language) is imports.services.import_previews_expire's."""
    client = browser(manager)
    old_url = upload(client, own_store, sycm_csv(FIRST, 3)).url
    ImportJob.objects.update(created_at=timezone.now() - timedelta(days=PREVIEW_DAYS, minutes=1))
    assert import_previews_expire() == 1

    page = client.get(old_url).content.decode()
    assert "The file was not confirmed within 7 days" in page and 'data-testid="export-import"' not in page
    assert client.post(old_url, {"action": "import"}).status_code == 302  # nothing to confirm any more
    assert not DailyMetric.objects.exists()
