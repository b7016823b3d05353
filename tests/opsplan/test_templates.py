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
