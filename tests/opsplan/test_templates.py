"""Markup every template shares: each table sits directly in a ``.table-responsive`` wrapper, the container that
scrolls a wide table sideways (and holds its first column in view, static/css/opsplan.css) so the page never does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TABLE = re.compile(r"<table\b")
WRAPPER = re.compile(r"<div\s+class=\"table-responsive(?:\s[^\"]*)?\"[^>]*>\s*$")
FILES = sorted(TEMPLATES.rglob("*.html"))


def test_the_sweep_finds_the_tables():
    assert sum(len(TABLE.findall(path.read_text())) for path in FILES) > 40


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(TEMPLATES)) for p in FILES])
def test_every_table_scrolls_in_its_own_container(path):
    text = path.read_text()
    bare = [
        text.count("\n", 0, match.start()) + 1
        for match in TABLE.finditer(text)
        if not WRAPPER.search(text, 0, match.start())
    ]
    assert not bare, f'{path.name}: wrap the table on line(s) {bare} in <div class="table-responsive">'


# Words a template may show as they are in every language: the product's name and file formats.
UNTRANSLATED = {"opsplan", "CSV", "XLSX"}
# The server-error page renders without the database or the catalogue and says itself in both languages.
BILINGUAL = {"500.html"}
BLOCK = re.compile(r"{%\s*(blocktranslate|blocktrans)\b.*?{%\s*end\1\s*%}", re.S)
COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|<!--.*?-->|{#.*?#}", re.S)
RAW = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
MARKUP = re.compile(r"<[^>]*>|&[a-z]+;", re.S)
WORD = re.compile(r"[A-Za-z]{2,}")


def _visible_literals(text: str) -> list[str]:
    """The text a template writes outside translation tags, variables, markup and scripts."""
    for pattern in (COMMENT, BLOCK, RAW, TAG, MARKUP):
        text = pattern.sub("\n", text)
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(TEMPLATES)) for p in FILES])
def test_no_template_writes_a_word_outside_translation(path):
    if path.name in BILINGUAL:
        return
    words = {w for line in _visible_literals(path.read_text()) for w in WORD.findall(line)} - UNTRANSLATED
    assert not words, f"{path.name}: {sorted(words)} shown untranslated; put them through {{% translate %}}"


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(TEMPLATES)) for p in FILES])
def test_no_translated_label_is_followed_by_an_ascii_colon(path):
    # "最近汇总: 2026-12-07": the colon belongs to the message, so Chinese gets its full-width "："
    found = re.findall(r"{%\s*translate\s+(['\"][^'\"]+['\"])\s*%}:", path.read_text())
    assert not found, f"{path.name}: move the colon into the message of {found}"


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(TEMPLATES)) for p in FILES])
def test_no_label_shown_from_a_variable_is_followed_by_an_ascii_colon(path):
    # "订单数: 10 → 12": a label from a field or a choice takes its language's colon with |colon (订单数：)
    text = BLOCK.sub("", RAW.sub("", COMMENT.sub("", path.read_text())))
    text = re.sub(r'="[^"]*"', "", text)  # attributes (aria-label and the like) are not what the colon rule is about
    found = re.findall(r"{{\s*([\w.]+)\s*}}: ", text)
    assert not found, f"{path.name}: write {found} with |colon"


# Brackets, list commas and semicolons are punctuation of the language: Chinese takes （…）, 、 and ；, so they belong
# to a message (or to the |joined and |in_brackets filters), never to the template's own text around a translated word.
ASCII_BRACKET_OR_COMMA = re.compile(r"[(),;]")
CODE = re.compile(r"<code\b.*?</code>", re.S)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(TEMPLATES)) for p in FILES])
def test_no_template_writes_a_bracket_or_a_list_comma_outside_translation(path):
    if path.name in BILINGUAL:
        return
    found = [line for line in _visible_literals(path.read_text()) if ASCII_BRACKET_OR_COMMA.search(line)]
    assert not found, f"{path.name}: {found} written as is; put them in the message, or use |joined / |in_brackets"


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(TEMPLATES)) for p in FILES])
def test_no_template_joins_a_list_with_an_ascii_comma(path):
    # A file's column names in <code> are what the file holds, and keep their ASCII commas.
    found = re.findall(r"\|join:[\"'], [\"']", CODE.sub("", path.read_text()))
    assert not found, f'{path.name}: join the list with |joined (a、b in Chinese), not |join:", "'


PLURAL_COUNTER = re.compile(r"(?<![|\w])count\s+(\w+)=")
# Pages and the text of e-mails and group-robot messages.
ALL_FILES = sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt", ".md"))


@pytest.mark.parametrize("path", ALL_FILES, ids=[str(p.relative_to(TEMPLATES)) for p in ALL_FILES])
def test_no_message_shows_its_plural_counter_unformatted(path):
    # {% blocktranslate count n=rows %} picks the plural by the raw number and would print 1234: the message shows
    # a copy through the number layer instead (count number=rows with n=rows|count -> 1,234).
    shown = []
    for match in re.finditer(r"{%\s*blocktranslate\b(.*?)%}(.*?){%\s*endblocktranslate\s*%}", path.read_text(), re.S):
        counter = PLURAL_COUNTER.search(match.group(1))
        if counter and re.search(r"{{\s*" + counter.group(1) + r"\s*}}", match.group(2)):
            shown.append(counter.group(1))
        # The with variables are set before the counter is read: one named like the counter's variable hides it.
        plural = re.search(r"(?<![|\w])count\s+\w+=(\w+)", match.group(1))
        if plural and plural.group(1) in re.findall(r"(\w+)=", match.group(1).replace(plural.group(0), "")):
            shown.append(f"{plural.group(1)} (hidden by its formatted copy: {{% with %}} it under another name)")
    assert not shown, f"{path.name}: {shown} shown raw; write count number=… with {shown[0]}=…|count"
