"""Every page of the demo, walked as its users walk it (from the home page, following links), in Chinese and
English: figures are written for people (thousands grouped, no raw floats, −¥ not ¥-), no raw field names show,
and no link leads to an error.

Figures in a drop-down's options are read too, and in Chinese no ASCII colon, semicolon, bracket or list comma
stands next to a Chinese word (``主管评分: `` for ``主管评分：``, ``(3 天)`` for ``（3 天）``). A count of four digits
before its unit (``1234 行``) is caught as well; the import job pages, which the demo has no job for, are rendered
with counts in the thousands.

The walk follows each link it finds on the pages of a superuser (who sees every store), keeping at most a few
pages of each URL shape (a store's dashboard, a plan, a product …), so a new page joins the walk as soon as
anything links to it.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from imports.choices import ImportKind, ImportStatus
from imports.models import ImportJob
from stores.models import Store

pytestmark = pytest.mark.django_db
PAGES_PER_SHAPE = 3
MAX_PAGES = 600
NOT_WALKED = ("/admin/", "/api/", "/accounts/logout", "/static/", "/i18n/")

# Five digits or more without a separator, not part of a code, a date, a time or a decimal.
UNGROUPED = re.compile(r"(?<![\d,.\w/:#-])\d{5,}(?![\d\w/:-]|\.\d)")
# A decimal of four digits or more before its point, without a separator (1000.00, ¥1299.00): never a year.
UNGROUPED_DECIMAL = re.compile(r"(?<![\d,.\w/:#-])\d{4,}\.\d")
# Four digits are left to the rule above, which cannot tell 2026 from a count; before a unit of counting
# (1234 行, 1234 天, 1234 rows, 1234 added) they are a count, and a count of four digits is grouped: 1,234.
# A row's number (第 1234 行) is a place in a file, not a count.
COUNT_UNITS = (
    "行|天|件|条|个|款|单|人|项|次|家|页|"
    r"(?:rows?|days?|units?|products?|promotions?|shifts?|orders?|lines?|problems?|people|stores?|items?|segments?"
    r"|SKU|added|changed|unchanged)\b"
)
UNGROUPED_COUNT = re.compile(rf"(?<![\d,.\w/:#-])(?<!第 )\d{{4,}}(?= ?(?:{COUNT_UNITS}))")
RAW_FLOAT = re.compile(r"\d\.\d{5,}")
# A figure on its own (a table cell) with the hyphen-minus Python prints (-0.60) instead of the minus sign −.
HYPHEN_MINUS = re.compile(r"^[ \t]*-\d[\d,.]*%?[ \t]*$", re.M)
# Next to a Chinese word the colon and the semicolon are the full-width ones.
ASCII_PUNCTUATION = re.compile(r"[\u4e00-\u9fff][:;] |[:;] [\u4e00-\u9fff]")
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# Brackets and the list comma next to a Chinese word are the full-width ones: （3 天）, 基准、v1.
ASCII_BRACKET = re.compile(rf"[{CJK}] ?[()]|[()] ?[{CJK}]|[{CJK}] ?,|, ?[{CJK}]")
OPTIONS = re.compile(r"<option\b[^>]*>(.*?)</option>", re.S)
# A model field's or a choice's internal name (orders_per_day, start_date) in the text people read.
RAW_NAME = re.compile(r"(?<![\w./-])[a-z]+(?:_[a-z0-9]+)+(?![\w./-])")
# Text people do not read as prose: scripts, styles, form controls and code samples (a file's column names).
HIDDEN = re.compile(r"<(script|style|textarea|select|code|pre)\b.*?</\1>", re.S)


@pytest.fixture
def demo_admin(db):
    call_command("seed_demo", stdout=io.StringIO())
    return "admin"


def visible_text(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "\n", HIDDEN.sub(" ", body)))


def links(path: str, body: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"#]+)"', body):
        url = urlsplit(urljoin(f"http://testserver{path}", html.unescape(href)))
        if url.netloc == "testserver" and not url.path.startswith(NOT_WALKED):
            found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def page_problems(path: str, body: str, chinese: bool) -> list[str]:
    """What is wrong with the figures and the punctuation of one page."""
    problems = []
    text = visible_text(body)
    # An upload page names its file's columns in <code> and may then refer to them in its instructions.
    columns = set(re.findall(r"\w+", " ".join(re.findall(r"<code>(.*?)</code>", body, re.S))))
    options = html.unescape("\n".join(OPTIONS.findall(body)))
    checks = [
        ("unformatted number", UNGROUPED, text + "\n" + options),
        ("unformatted number", UNGROUPED_DECIMAL, text + "\n" + options),
        ("unformatted count", UNGROUPED_COUNT, text + "\n" + options),
        ("raw float", RAW_FLOAT, text),
        ("hyphen for minus", HYPHEN_MINUS, text),
        ("raw name", RAW_NAME, text),
    ]
    if chinese:
        checks.append(("ASCII punctuation", ASCII_PUNCTUATION, text))
        checks.append(("ASCII bracket or comma", ASCII_BRACKET, text + "\n" + options))
    for kind, pattern, read in checks:
        for match in pattern.finditer(read):
            if kind == "raw name" and match.group() in columns:
                continue
            context = read[max(0, match.start() - 30) : match.end() + 10].split()
            problems.append(f"{path}: {kind} {match.group()!r} in {' '.join(context)!r}")
    if "¥-" in text:
        problems.append(f"{path}: negative money written ¥-")
    return problems


def walk(client: Client, chinese: bool = False) -> tuple[int, list[str]]:
    """Every page reachable from the home page (a few of each shape); what is wrong on them."""
    queue, seen, shapes, problems = deque(["/"]), set(), Counter(), []
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code >= 400:
            problems.append(f"{path}: HTTP {response.status_code}")
            continue
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        for link in links(path, body):
            shape = re.sub(r"\d+", "N", urlsplit(link).path)
            if link not in seen and shapes[shape] < PAGES_PER_SHAPE:
                shapes[shape] += 1
                queue.append(link)
        problems.extend(page_problems(path, body, chinese))
    return len(seen), problems


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_of_the_demo_reads_well(demo_admin, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(User.objects.get(username=demo_admin))
    walked, problems = walk(client, chinese=language == "zh-hans")
    assert walked > 100, "the walk should reach every store's pages"
    assert problems == [], "\n".join(problems)


# An import job at each of its steps, with counts in the thousands: (kind, status, fields).
JOBS = [
    (ImportKind.SERVICE_LOG, ImportStatus.RUNNING, {"total_rows": 2500, "processed_rows": 1500}),
    (ImportKind.SERVICE_LOG, ImportStatus.DONE, {"created_rows": 1200, "updated_rows": 1100, "unchanged_rows": 200}),
    (ImportKind.PRODUCTS, ImportStatus.DONE, {"created_rows": 1500, "updated_rows": 1000, "unchanged_rows": 0}),
    (ImportKind.PLATFORM_EXPORT, ImportStatus.DONE, {"created_rows": 1100, "updated_rows": 1400, "unchanged_rows": 0}),
    (ImportKind.PRODUCTS, ImportStatus.FAILED, {"error_count": 1234, "errors": [{"row": 3, "column": "sku"}]}),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_import_job_pages_group_their_counts(demo_admin, language):
    store = Store.objects.get(code="tmall-flagship")
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(User.objects.get(username=demo_admin))
    problems, read = [], []
    for kind, status, fields in JOBS:
        total = fields.get("total_rows") or sum(v for k, v in fields.items() if k.endswith("_rows")) or 1234
        job = ImportJob.objects.create(
            store=store, kind=kind, status=status, file_name="big.csv", content=b"", **{"total_rows": total, **fields}
        )
        response = client.get(job.get_absolute_url())
        assert response.status_code == 200, job.get_absolute_url()
        body = response.content.decode()
        read.append(visible_text(body))
        problems.extend(page_problems(job.get_absolute_url(), body, chinese=language == "zh-hans"))
    assert problems == [], "\n".join(problems)
    assert "2,500" in read[0] and "1,500" in read[0]  # the progress: checked 1,500 of 2,500 rows
    assert "1,234" in read[4]  # the problems of a failed file
