"""The browser's side of tests/opsplan/test_every_form.py: what it submits for a page's form, untouched."""

from tests.opsplan.html_forms import parse, sanitized


def test_a_date_input_keeps_only_an_iso_date():
    assert sanitized("date", "2024-09-01") == "2024-09-01"
    assert sanitized("date", "2024/09/01") == ""
    assert sanitized("date", "2024-02-30") == ""
    assert sanitized("datetime-local", "2024-09-01 08:30") == "2024-09-01T08:30"
    assert sanitized("time", "8:30") == ""


def test_a_number_input_drops_a_grouped_number():
    assert sanitized("number", "1234.50") == "1234.50"
    assert sanitized("number", "1,234") == ""


def test_a_form_submits_what_a_browser_sends_untouched():
    page = parse(
        """<form method="post" action="/x/" id="f"><input type="hidden" name="csrfmiddlewaretoken" value="t">
        <input name="title" value="a &amp; b"><input type="date" name="day" value="2024/09/01">
        <input type="checkbox" name="on" checked><input type="checkbox" name="off" value="1">
        <input name="locked" value="x" disabled>
        <select name="one"><option value="a">A</option><option value="b" selected>B</option></select>
        <select name="first"><option>  Plain   text </option><option value="z">Z</option></select>
        <textarea name="notes">
line one
line two</textarea><button name="go" value="save">Save</button><button type="button" name="no">No</button>
        </form><input name="outside" value="o" form="f">"""
    )
    (form,) = page.forms
    assert form.data(form.submitters()[0]) == [
        ("csrfmiddlewaretoken", "t"),
        ("title", "a & b"),
        ("day", ""),
        ("on", "on"),
        ("one", "b"),
        ("first", "Plain text"),
        ("notes", "line one\r\nline two"),
        ("outside", "o"),
        ("go", "save"),
    ]
    assert [c.name for c in form.controls if c.dropped()] == ["day"]
