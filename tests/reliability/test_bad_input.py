"""Bad input swept over every write the URL conf routes, the way the access matrix walks it (a new page or endpoint
is covered without touching this file):

- every HTML form (a page that takes POST) and every API write (POST, PUT, PATCH): a body over the size limit
  (an upload's larger one for multipart) is 413, a media type the endpoint does not take is 415, a body that is
  not UTF-8 is 400 with a message saying so; none of them is a 5xx or writes a row (every table counted before
  and after);
- every POST form refuses a request without a CSRF token (403), and so does every API write made with a session;
- a store, product, plan, promotion and alert named with HTML are shown escaped on every page that shows them;
- every CSV and XLSX export (pages answering ``?format=csv|xlsx``, and routes with a ``fmt``) leaves no text cell
  that a spreadsheet would run as a formula (= + - @), the cells having been named that way.

The formula escaping of each export is pinned in detail by its app's tests (tests/dashboards/test_export.py,
tests/orders/test_views.py, tests/inventory/test_views.py, tests/promotions/test_import_export.py); here every
export route is checked at once, with hostile names in every object.
"""

from __future__ import annotations

import csv
import inspect
import io
import re

import openpyxl
import pytest
from django.db import connection, transaction
from django.test import Client
from rest_framework.test import APIClient

from accounts.choices import Role
from funnel.push import BulkPushMixin
from tests.accounts.access_world import build_store
from tests.accounts.test_access_matrix import API, API_WRITES, PAGES, _accepts_get, _api_request, _page_url
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Names that are HTML and, in an export, formulas (each of the prefixes a spreadsheet runs).
STORE_NAME = f"=HYPERLINK(1){SCRIPT}"
PRODUCT_NAME = f"+SUM(1){SCRIPT}"
LIMIT = 64 * 1024  # DATA_UPLOAD_MAX_MEMORY_SIZE in these tests, so an oversized body stays small
UPLOAD_LIMIT = 2 * LIMIT  # REQUEST_MAX_UPLOAD_SIZE likewise
NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?%?$")


def _view_class(callback):
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def _accepts_post(callback) -> bool:
    """Whether a page takes POST: a class with a ``post`` handler, a ``require_POST``-style decorator, or a
    function view that branches on ``request.method == "POST"``."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    func = callback
    while True:
        methods = inspect.getclosurevars(func).nonlocals.get("request_method_list")
        if methods is not None:
            return "POST" in methods
        if getattr(func, "__wrapped__", None) is None:
            break
        func = func.__wrapped__
    return '"POST"' in inspect.getsource(func)


FORMS = sorted(name for name, (_route, callback) in PAGES.items() if _accepts_post(callback))
GET_PAGES = sorted(name for name, (_route, callback) in PAGES.items() if _accepts_get(callback))
WRITES = [(name, method) for name, method in API_WRITES if method != "delete"]


@pytest.fixture(scope="module")
def _hostile(django_db_setup, django_db_blocker):
    """One store whose every named object carries HTML and a formula prefix; a superuser; built once per module."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_store("hostile-store", STORE_NAME, "tmall")
        world.product.name = PRODUCT_NAME
        world.product.save(update_fields=["name"])
        world.movement.note = f"-1+2{SCRIPT}"
        world.movement.save(update_fields=["note"])
        root = UserFactory(username="sweep-root", password="!", is_superuser=True, is_staff=True)
        MembershipFactory(user=root, store=world.store, role=Role.OPS_MANAGER)
        yield world, root
        transaction.set_rollback(True)


@pytest.fixture
def hostile(_hostile, db):
    return _hostile


def _rows_in_every_table() -> dict[str, int]:
    tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {connection.ops.quote_name(t)}" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def _written(before: dict[str, int]) -> dict[str, tuple[int, int]]:
    after = _rows_in_every_table()
    return {t: (before.get(t, 0), n) for t, n in after.items() if n != before.get(t, 0)}


def _signed_in(user, *, csrf: bool = False, api: bool = False) -> Client:
    client = (APIClient if api else Client)(enforce_csrf_checks=csrf, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _text(response) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_the_sweep_finds_forms_and_api_writes():
    assert len(FORMS) > 25 and len(WRITES) > 15
    assert {"login", "set_language", "stores:store_create"} <= set(FORMS)


# --- Oversized, wrong media type, not UTF-8 ----------------------------------------------------------------------


def _form_cases() -> list[tuple[str, bytes, str, int, str]]:
    """(case, body, content type, expected status, a word the answer must contain) for an HTML form."""
    return [
        ("oversized", b"a=" + b"x" * LIMIT, "application/x-www-form-urlencoded", 413, "larger than"),
        (
            "oversized upload",
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
            + b"x" * UPLOAD_LIMIT
            + b"\r\n--b--\r\n",
            "multipart/form-data; boundary=b",
            413,
            "larger than",
        ),
        ("wrong media type", b'{"name": "x"}', "application/json", 415, "multipart/form-data"),
        ("not UTF-8", b"name=%FF%FE&code=x", "application/x-www-form-urlencoded", 400, "UTF-8"),
        ("raw bytes, not UTF-8", b"name=\xff\xfe&code=x", "application/x-www-form-urlencoded", 400, "UTF-8"),
        (
            "multipart, not UTF-8",
            b'--b\r\nContent-Disposition: form-data; name="name"\r\n\r\n\xff\xfe\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
            400,
            "UTF-8",
        ),
    ]


def _api_cases(view_class) -> list[tuple[str, bytes, str, int, str]]:
    takes_forms = any(p.media_type == "application/x-www-form-urlencoded" for p in view_class.parser_classes)
    takes_json = any(p.media_type == "application/json" for p in view_class.parser_classes)
    return [
        ("oversized", b'{"records": ["' + b"x" * LIMIT + b'"]}', "application/json", 413, "larger than"),
        ("wrong media type", b"records", "text/plain", 415, "media type"),
        # An upload (multipart only) refuses JSON, undecodable or not, naming what it takes.
        (
            "not UTF-8",
            b'{"name": "\xff\xfe"}',
            "application/json",
            400 if takes_json else 415,
            "utf-8" if takes_json else "multipart/form-data",
        ),
        (
            "form-encoded, not UTF-8",
            b"name=%FF%FE",
            "application/x-www-form-urlencoded",
            400 if takes_forms else 415,
            "utf-8" if takes_forms else "media type",
        ),
    ]


def _sweep(client, method: str, url: str, cases) -> list[str]:
    failures = []
    before = _rows_in_every_table()
    for case, body, content_type, expected, word in cases:
        response = client.generic(method.upper(), url, body, content_type=content_type)
        text = response.content.decode(errors="replace")
        if response.status_code != expected:
            failures.append(f"{case}: {response.status_code}, expected {expected}: {text[:200]}")
        elif word.lower() not in text.lower():
            failures.append(f"{case}: {expected} without a message naming the problem ({word!r}): {text[:200]}")
    written = _written(before)
    if written:
        failures.append(f"wrote rows: {written}")
    return failures


@pytest.mark.parametrize("name", FORMS)
def test_a_form_refuses_oversized_mistyped_and_undecodable_bodies_without_writing(name, hostile, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.REQUEST_MAX_UPLOAD_SIZE = LIMIT, UPLOAD_LIMIT
    world, root = hostile
    client = _signed_in(root)
    failures = _sweep(client, "post", _page_url(name, world, client), _form_cases())
    assert not failures, f"{name}:\n" + "\n".join(failures)


@pytest.mark.parametrize("name,method", WRITES, ids=[f"{n}-{m}" for n, m in WRITES])
def test_an_api_write_refuses_oversized_mistyped_and_undecodable_bodies_without_writing(
    name, method, hostile, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    world, root = hostile
    if issubclass(_view_class(API[name][1]), BulkPushMixin):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.api_key}")
    else:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(root)
    url, _query = _api_request(name, world)
    failures = _sweep(client, method, url, _api_cases(_view_class(API[name][1])))
    assert not failures, f"{name} {method.upper()}:\n" + "\n".join(failures)


# --- CSRF ----------------------------------------------------------------------------------------------------------


def test_every_post_form_and_session_api_write_refuses_a_request_without_a_csrf_token(hostile):
    world, root = hostile
    failures = []
    browser, anonymous = _signed_in(root, csrf=True), Client(enforce_csrf_checks=True)
    api = _signed_in(root, csrf=True, api=True)
    # Every URL first: building some of them creates the objects they name.
    forms = [(name, anonymous if name == "login" else browser) for name in FORMS]
    forms = [(name, client, _page_url(name, world, client)) for name, client in forms]
    writes = [(name, method, _api_request(name, world)[0]) for name, method in WRITES]
    before = _rows_in_every_table()
    for name, client, url in forms:
        status = client.post(url, {"name": "x"}).status_code
        if status != 403:
            failures.append(f"{name}: {status}")
    for name, method, url in writes:
        # In the media type the view reads (an upload's is multipart), so the CSRF check is what answers.
        parsed = {p.media_type for p in _view_class(API[name][1]).parser_classes}
        kind = "json" if "application/json" in parsed else "multipart"
        status = getattr(api, method)(url, {"name": "x"}, format=kind).status_code
        if status != 403:
            failures.append(f"{name} {method.upper()} with a session: {status}")
    assert not failures, "no CSRF check:\n" + "\n".join(failures)
    assert not _written(before)


# --- HTML in names ---------------------------------------------------------------------------------------------


def test_html_in_names_is_escaped_on_every_page(hostile):
    world, root = hostile
    client = _signed_in(root)
    unescaped, shown = [], []
    for name in GET_PAGES:
        response = client.get(_page_url(name, world, client), follow=True)
        assert response.status_code < 500, f"{name}: {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        text = _text(response)
        if SCRIPT in text:
            unescaped.append(name)
        if ESCAPED in text:
            shown.append(name)
    assert not unescaped, f"pages showing a name's HTML unescaped: {unescaped}"
    # The check proves something: the names are on the store's pages (list, dashboard, products, plans, alerts …).
    assert len(shown) >= 10, shown


# --- Exports -----------------------------------------------------------------------------------------------------


def _cells(response) -> list[str]:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("text/csv"):
        return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    # A string cell of a workbook is never run, whatever it starts with: only a formula cell would be.
    sheets = openpyxl.load_workbook(io.BytesIO(body)).worksheets
    return [f"={cell.value}" for sheet in sheets for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_every_export_neutralises_cells_a_spreadsheet_would_run(hostile):
    world, root = hostile
    client = _signed_in(root)
    exports, failures = [], []
    for name in GET_PAGES:
        route = PAGES[name][0]
        base = _page_url(name, world, client)
        if "fmt" in route:
            urls = [base.rsplit(".", 1)[0] + f".{fmt}" if "." in base else base for fmt in ("csv", "xlsx")]
        else:
            urls = [f"{base}?format=csv", f"{base}?format=xlsx"]
        for url in urls:
            response = client.get(url)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith(("text/csv", "application/vnd.openxml")):
                continue
            exports.append(url)
            cells = _cells(response)
            failures += [
                f"{url}: {cell!r}" for cell in cells if cell[:1] in ("=", "+", "-", "@") and not NUMBER.match(cell)
            ]
    assert not failures, "formula cells left as they are:\n" + "\n".join(failures)
    # Every known export was reached: the portfolio and store tables, products, promotions, the service log.
    assert len(exports) >= 8, exports
