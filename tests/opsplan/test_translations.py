"""Every string people see exists in Simplified Chinese, and the compiled catalogue matches its source."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
DOMAINS = sorted(p.stem for p in LOCALE.glob("*.po"))
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# In Chinese, brackets are （…） and the list comma 、 (or ，): an ASCII one in a Chinese message is a slip.
ASCII_BRACKET_OR_COMMA = re.compile(r"[(),]")


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


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_chinese_message_has_an_ascii_bracket_or_comma(domain):
    with open(LOCALE / f"{domain}.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    found = []
    for msgid, msgstr in mo._catalog.items():
        for text in msgstr if isinstance(msgstr, list) else [msgstr]:
            prose = PLACEHOLDER.sub("", text)
            if msgid and re.search(f"[{CJK}]", prose) and ASCII_BRACKET_OR_COMMA.search(prose):
                found.append(text)
    assert found == [], "write （…）, 、 or ， in these Chinese messages"


# ", ".join for what people read writes "a, b" in Chinese too: core.text.joined (|joined) writes "a、b". These join
# what people do not read as prose: SQL, a form field's typed value, a file's column names, a command's output.
JOINS_NOT_READ = {
    "funnel/services/metrics.py",  # SQL
    "funnel/counted.py",  # SQL
    "rollups/sql.py",  # SQL
    "dashboards/selectors/store.py",  # SQL
    "staffing/forms.py",  # the hourly profile typed back into its field, "1, 2, 3"
    "orders/domain.py",  # the columns of a row error, named as the file names them
    "alerts/digest.py",  # the e-mail addresses an alert went to, kept in its history
    "stores/management/commands/create_api_client.py",  # an operator's command output
}
APPS = [p for p in ROOT.iterdir() if (p / "apps.py").exists() or p.name in ("core", "opsplan")]


def test_no_list_people_read_is_joined_with_an_ascii_comma():
    found = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in app.rglob("*.py")
        if '", ".join(' in path.read_text() and str(path.relative_to(ROOT)) not in JOINS_NOT_READ
    ]
    assert len(APPS) > 10
    assert found == [], "join these lists with core.text.joined (a、b in Chinese)"
