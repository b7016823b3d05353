"""Every string people see exists in Simplified Chinese, and the compiled catalogue matches its source."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
DOMAINS = sorted(p.stem for p in LOCALE.glob("*.po"))


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated(domain):
    po = polib.pofile(str(LOCALE / f"{domain}.po"))
    untranslated = [e.msgid for e in po if not e.translated()]
    assert untranslated == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_matches_its_source(domain):
    po = polib.pofile(str(LOCALE / f"{domain}.po"))
    with open(LOCALE / f"{domain}.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = [
        e.msgid
        for e in po
        if not e.msgid_plural and (mo.pgettext(e.msgctxt, e.msgid) if e.msgctxt else mo.gettext(e.msgid)) != e.msgstr
    ]
    assert stale == [], "run `make messages` to recompile"


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    copy = tmp_path / "src"
    # The sources only: not what tests running beside this one write meanwhile (var/, test-results/).
    outputs = ("var", "test-results", "staticfiles", "node_modules", "__pycache__")
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", *outputs))
    for domain, extra in (("django", []), ("djangojs", ["--ignore=static/vendor"])):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-d", domain, "--ignore=tests", *extra],
            cwd=copy,
            check=True,
            capture_output=True,
            timeout=300,
        )
    for po_path in (copy / "locale" / "zh_Hans" / "LC_MESSAGES").glob("*.po"):
        fresh = polib.pofile(str(po_path))
        new = [e.msgid for e in fresh if not e.translated() and not e.obsolete]
        assert new == [], f"{po_path.name}: translate these (make messages)"
