"""The log's pages: who may open them, what they show, and how they answer bad input."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from core.dates import local_date
from imports.choices import ImportStatus
from imports.models import ImportJob
from orders.domain import COLUMNS
from orders.models import ServiceLog
from orders.services import service_log_save
from tests.factories import MembershipFactory, StoreFactory, UserFactory

FIGURES = {
    "orders": "10",
    "gmv": "965.00",
    "refunds": "1",
    "complaints": "0",
    "shipped_24h": "8",
    "shipped_48h": "2",
    "shipped_later": "0",
    "rating_description": "4.80",
    "rating_service": "4.90",
    "rating_shipping": "4.70",
    "positive_rate": "99.20",
    "uv": "480",
}
ALLOWED = ["customer_service", "ops_manager"]
REFUSED = ["designer", "promoter", "logistics", "finance", "editor", "viewer"]


def browser(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def today(store):
    return local_date(store.time_zone, timezone.now())


def store_pages(store, job=None):
    base = f"/orders/{store.code}/"
    pages = [base, f"{base}?date={today(store).isoformat()}", f"{base}upload/", f"{base}export.csv"]
    return pages + ([f"{base}imports/{job.pk}/"] if job else [])


@pytest.fixture
def job(own_store):
    return ImportJob.objects.create(store=own_store, file_name="days.csv", content=b"")


@pytest.mark.parametrize("role", ALLOWED)
def test_customer_service_and_operations_managers_may_open_every_log_page(role, member, own_store, job):
    client = browser(member(role))
    assert [client.get(url).status_code for url in store_pages(own_store, job)] == [200] * 5


@pytest.mark.parametrize("role", REFUSED)
def test_roles_that_do_not_log_orders_are_refused(role, member, own_store, job):
    client = browser(member(role))
    assert [client.get(url).status_code for url in store_pages(own_store, job)] == [403] * 5
    assert client.post(f"/orders/{own_store.code}/", FIGURES).status_code == 403
    assert not ServiceLog.objects.exists()


def test_another_stores_log_pages_are_not_found(clerk, other_store):
    other_job = ImportJob.objects.create(store=other_store, file_name="x.csv", content=b"")
    client = browser(clerk)
    assert [client.get(url).status_code for url in store_pages(other_store, other_job)] == [404] * 5


def test_an_import_of_another_store_is_not_found_under_ones_own_store(clerk, own_store, other_store):
    other_job = ImportJob.objects.create(store=other_store, file_name="x.csv", content=b"")
    assert browser(clerk).get(f"/orders/{own_store.code}/imports/{other_job.pk}/").status_code == 404


def test_a_superuser_may_log_for_any_store(other_store):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert browser(admin).get(f"/orders/{other_store.code}/").status_code == 200


def test_someone_not_logged_in_is_sent_to_log_in(own_store):
    response = browser().get(f"/orders/{own_store.code}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_orders_page_lists_only_the_stores_one_logs_for_with_todays_status(clerk, own_store):
    designed = StoreFactory(code="designed-shop", name="Designed Shop")
    MembershipFactory(user=clerk, store=designed, role="designer")
    StoreFactory(code="stranger-shop", name="Stranger Shop")
    logged = StoreFactory(code="logged-shop", name="Logged Shop")
    MembershipFactory(user=clerk, store=logged, role="ops_manager")
    service_log_save(logged, today(logged), {k: Decimal(v) for k, v in FIGURES.items()}, clerk)

    page = browser(clerk).get("/orders/").content.decode()
    assert own_store.name in page and "Logged Shop" in page
    assert "Designed Shop" not in page and "Stranger Shop" not in page
    assert "Not logged yet" in page and "Logged</span>" in page


def test_someone_who_logs_for_no_store_is_told_whom_to_ask(member):
    page = browser(member("designer")).get("/orders/").content.decode()
    assert "You do not log orders for any store" in page


def test_the_navigation_links_to_the_orders_page(clerk):
    page = browser(clerk).get("/stores/").content.decode()
    assert 'href="/orders/"' in page


def test_the_picker_opens_the_chosen_store_and_day(clerk, own_store):
    day = today(own_store) - timedelta(days=3)
    response = browser(clerk).get("/orders/", {"store": own_store.code, "date": day.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{own_store.code}/?date={day.isoformat()}"


def test_the_picker_refuses_a_store_one_does_not_log_for(clerk, other_store):
    response = browser(clerk).get("/orders/", {"store": other_store.code, "date": "2026-01-01"})
    assert response.status_code == 200
    assert "Pick one of the stores you log for." in response.content.decode()


def test_posting_a_day_saves_it_and_shows_it_with_a_message(clerk, own_store):
    day = today(own_store) - timedelta(days=1)
    url = f"/orders/{own_store.code}/?date={day.isoformat()}"
    response = browser(clerk).post(url, FIGURES, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(url, 302)]
    assert f"Saved the log of {own_store.name} for {day.isoformat()}." in page
    assert f'data-date="{day.isoformat()}"' in page and "965.00" in page
    log = ServiceLog.objects.get(store=own_store, date=day)
    assert (log.orders, log.logged_by) == (10, clerk)


def test_a_day_without_a_date_parameter_is_today_in_the_store(clerk, own_store):
    browser(clerk).post(f"/orders/{own_store.code}/", FIGURES)
    assert ServiceLog.objects.get().date == today(own_store)


def test_form_errors_are_shown_next_to_their_fields_and_nothing_is_saved(clerk, own_store):
    data = {**FIGURES, "shipped_later": "5", "rating_service": "5.5", "positive_rate": "101"}
    response = browser(clerk).post(f"/orders/{own_store.code}/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "add up to 15, more than the day&#x27;s 10 orders." in page
    assert "A rating is between 0.00 and 5.00." in page
    assert "A rate is a percentage between 0 and 100" in page
    assert not ServiceLog.objects.exists()


def test_the_rule_across_shipped_buckets_waits_until_each_of_its_figures_is_sound(clerk, own_store):
    page = browser(clerk).post(f"/orders/{own_store.code}/", {**FIGURES, "shipped_later": "99", "orders": ""})
    assert "This field is required." in page.content.decode()
    assert "add up to" not in page.content.decode()


def test_full_width_digits_from_a_chinese_keyboard_are_read_as_numbers(clerk, own_store):
    browser(clerk).post(f"/orders/{own_store.code}/", {**FIGURES, "orders": "１２"})
    assert ServiceLog.objects.get().orders == 12


@pytest.mark.parametrize("garbage", ["abc", "NaN", "1e999", "99999999999999999999", "-3", "1.5"])
def test_garbage_in_a_figure_is_a_form_error_not_a_server_error(clerk, own_store, garbage):
    response = browser(clerk).post(f"/orders/{own_store.code}/", {**FIGURES, "orders": garbage, "gmv": garbage})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not ServiceLog.objects.exists()


def test_a_day_too_far_ahead_is_refused_with_its_reason(clerk, own_store):
    ahead = (today(own_store) + timedelta(days=2)).isoformat()
    page = browser(clerk).get(f"/orders/{own_store.code}/?date={ahead}").content.decode()
    assert f"{ahead} is too far ahead" in page and 'data-testid="log-form"' not in page
    response = browser(clerk).post(f"/orders/{own_store.code}/?date={ahead}", FIGURES)
    assert response.status_code == 400 and not ServiceLog.objects.exists()


def test_a_malformed_date_is_a_clear_error(clerk, own_store):
    response = browser(clerk).get(f"/orders/{own_store.code}/?date=2026-13-45")
    assert response.status_code == 200 and "Enter a date like 2026-11-11." in response.content.decode()


def test_the_log_page_shows_the_selected_days_history(clerk, own_store, member):
    day = today(own_store) - timedelta(days=2)
    values = {k: Decimal(v) for k, v in FIGURES.items()}
    service_log_save(own_store, day, values, clerk)
    service_log_save(
        own_store, day, {**values, "orders": Decimal(12), "shipped_24h": Decimal(10)}, member("ops_manager")
    )
    page = browser(clerk).get(f"/orders/{own_store.code}/?date={day.isoformat()}").content.decode()
    history = page[page.index('data-testid="log-history"') :]
    assert "changed by ops_manager-user" in history
    assert "Orders" in history and "10</span> → <strong>12</strong>" in history
    assert 'value="12"' in page  # the form holds the current figures


def test_the_log_page_runs_the_same_few_queries_however_many_days_are_logged(
    clerk, own_store, django_assert_max_num_queries
):
    values = {k: Decimal(v) for k, v in FIGURES.items()}
    for n in range(14):
        service_log_save(own_store, today(own_store) - timedelta(days=n), values, clerk)
    service_log_save(own_store, today(own_store), {**values, "complaints": Decimal(2)}, clerk)
    client = browser(clerk)
    with django_assert_max_num_queries(12):
        assert client.get(f"/orders/{own_store.code}/").status_code == 200


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_an_upload_redirects_to_its_import_page_which_shows_the_result(
    clerk, own_store, django_capture_on_commit_callbacks
):
    day = today(own_store) - timedelta(days=1)
    content = ",".join(COLUMNS) + "\n" + day.isoformat() + "," + ",".join(FIGURES.values()) + "\n"
    client = browser(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/orders/{own_store.code}/upload/", {"file": upload("days.csv", content.encode())})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Imported 1 day: 1 added, 0 changed, 0 unchanged." in page
    assert "hx-trigger" not in page
    assert ServiceLog.objects.filter(store=own_store, date=day).exists()


def test_htmx_polls_a_running_import_and_gets_only_the_progress_bar(clerk, own_store, job):
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, total_rows=400, processed_rows=100)
    response = browser(clerk).get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert 'hx-trigger="every 1s"' in fragment and 'aria-valuenow="25"' in fragment
    assert "Checked 100 of 400 rows" in fragment


def test_a_failed_import_lists_each_problem_with_its_row_and_column(clerk, own_store, job):
    errors = [{"row": 3, "column": "rating_service", "message": "A rating is between 0.00 and 5.00."}]
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, errors=errors, error_count=1)
    page = browser(clerk).get(job.get_absolute_url()).content.decode()
    assert "Nothing was imported: the file has 1 problem." in page
    table = page[page.index('data-testid="import-errors"') :]
    assert ">3</td>" in table and "rating_service" in table and "A rating is between 0.00 and 5.00." in table


def test_an_upload_larger_than_5_mb_is_refused_with_its_size(clerk, own_store):
    big = upload("days.csv", b"x" * (5 * 1024 * 1024 + 1))
    response = browser(clerk).post(f"/orders/{own_store.code}/upload/", {"file": big})
    assert response.status_code == 200
    assert "the limit is 5.0\xa0MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_upload_of_another_type_is_refused(clerk, own_store):
    response = browser(clerk).post(f"/orders/{own_store.code}/upload/", {"file": upload("days.pdf", b"%PDF")})
    assert "days.pdf is not a .csv or .xlsx file." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_template_is_the_header_row_of_an_upload(clerk):
    response = browser(clerk).get("/orders/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").strip() == ",".join(COLUMNS)


def test_the_export_has_the_logged_days_and_guards_against_formulas(own_store):
    sneaky = UserFactory(username="=cmd|calc")
    MembershipFactory(user=sneaky, store=own_store, role="customer_service")
    service_log_save(own_store, today(own_store), {k: Decimal(v) for k, v in FIGURES.items()}, sneaky)
    response = browser(sneaky).get(f"/orders/{own_store.code}/export.csv?days=7")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"].startswith('attachment; filename="service-log-own-store-')
    assert lines[0].startswith(",".join(COLUMNS))
    figures = "10,965.00,1,8,2,0,0,4.80,4.90,4.70,99.20,480"
    assert lines[1].startswith(f"{today(own_store).isoformat()},{figures},'=cmd|calc,")
