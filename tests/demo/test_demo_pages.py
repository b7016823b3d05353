"""Every page of the demo, walked as its users walk it (from the home page, following links), in Chinese and
English: figures are written for people (thousands grouped, no raw floats, −¥ not ¥-), no raw field names show,
and no link leads to an error.

Figures in a drop-down's options are read too, and in Chinese no ASCII colon or semicolon stands next to a Chinese
word (``主管评分: `` for ``主管评分：``).

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

pytestmark = pytest.mark.django_db
PAGES_PER_SHAPE = 3
MAX_PAGES = 600
NOT_WALKED = ("/admin/", "/api/", "/accounts/logout", "/static/", "/i18n/")

# Five digits or more without a separator, not part of a code, a date, a time or a decimal.
UNGROUPED = re.compile(r"(?<![\d,.\w/:#-])\d{5,}(?![\d\w/:-]|\.\d)")
# A decimal of four digits or more before its point, without a separator (1000.00, ¥1299.00): never a year.
UNGROUPED_DECIMAL = re.compile(r"(?<![\d,.\w/:#-])\d{4,}\.\d")
RAW_FLOAT = re.compile(r"\d\.\d{5,}")
# A figure on its own (a table cell) with the hyphen-minus Python prints (-0.60) instead of the minus sign −.
HYPHEN_MINUS = re.compile(r"^[ \t]*-\d[\d,.]*%?[ \t]*$", re.M)
# Next to a Chinese word the colon and the semicolon are the full-width ones.
ASCII_PUNCTUATION = re.compile(r"[\u4e00-\u9fff][:;] |[:;] [\u4e00-\u9fff]")
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
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
        text = visible_text(body)
        # An upload page names its file's columns in <code> and may then refer to them in its instructions.
        columns = set(re.findall(r"\w+", " ".join(re.findall(r"<code>(.*?)</code>", body, re.S))))
        options = html.unescape("\n".join(OPTIONS.findall(body)))
        checks = [
            ("unformatted number", UNGROUPED, text + "\n" + options),
            ("unformatted number", UNGROUPED_DECIMAL, text + "\n" + options),
            ("raw float", RAW_FLOAT, text),
            ("hyphen for minus", HYPHEN_MINUS, text),
            ("raw name", RAW_NAME, text),
        ]
        if chinese:
            checks.append(("ASCII punctuation", ASCII_PUNCTUATION, text))
            checks.append(("ASCII bracket or comma", ASCII_BRACKET, text))
        for kind, pattern, read in checks:
            for match in pattern.finditer(read):
                if kind == "raw name" and match.group() in columns:
                    continue
                context = read[max(0, match.start() - 30) : match.end() + 10].split()
                problems.append(f"{path}: {kind} {match.group()!r} in {' '.join(context)!r}")
        if "¥-" in text:
            problems.append(f"{path}: negative money written ¥-")
    return len(seen), problems


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_of_the_demo_reads_well(demo_admin, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(User.objects.get(username=demo_admin))
    walked, problems = walk(client, chinese=language == "zh-hans")
    assert walked > 100, "the walk should reach every store's pages"
    assert problems == [], "\n".join(problems)
