"""The forms of an HTML page and what a browser submits for each of them, untouched by the user.

Parsed with the standard library's ``html.parser``. The submission follows the HTML standard's form data set:
enabled controls with a name; checked checkboxes and radios; the selected options of a select (or its first option
when none is selected); textareas; and the submit button pressed. Each input's value goes through the value
sanitization of its type first, as a browser does when it parses the page: an ``<input type="date">`` whose value
is not ``YYYY-MM-DD`` shows empty and submits nothing, a number input with a thousands separator the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

# Value sanitization (HTML standard, "input type" states): None means "the browser drops a value not matching".
_VALID = {
    "number": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?"),
    "range": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?"),
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "month": re.compile(r"\d{4,}-\d{2}"),
    "week": re.compile(r"\d{4,}-W\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "color": re.compile(r"#[0-9a-fA-F]{6}"),
}
_NO_VALUE = {"submit", "image", "reset", "button", "file"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _real_date(value: str) -> bool:
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def sanitized(kind: str, value: str) -> str:
    """What a browser keeps of an ``<input type=kind value=value>``."""
    value = value.replace("\r", "").replace("\n", "")
    if kind in ("email", "url"):
        return value.strip()
    pattern = _VALID.get(kind)
    if pattern is None:
        return value
    if not pattern.fullmatch(value) or (kind in ("date", "datetime-local") and not _real_date(value)):
        return "#000000" if kind == "color" else ""
    if kind == "datetime-local":
        return value.replace(" ", "T")
    return value.lower() if kind == "color" else value


@dataclass
class Control:
    """A named form control as the page rendered it."""

    tag: str
    attrs: dict[str, str | None]
    options: list[tuple[str, bool, bool]] = field(default_factory=list)  # (value, selected, disabled)
    text: str = ""
    disabled: bool = False

    @property
    def name(self) -> str:
        return self.attrs.get("name") or ""

    @property
    def kind(self) -> str:
        if self.tag == "input":
            return (self.attrs.get("type") or "text").lower()
        if self.tag == "button":
            return (self.attrs.get("type") or "submit").lower()
        return self.tag

    @property
    def is_submit(self) -> bool:
        return self.kind in ("submit", "image") and self.tag in ("input", "button")

    @property
    def rendered(self) -> str:
        """The value in the page's markup, before the browser sanitizes it."""
        if self.tag == "textarea":
            return self.text[1:] if self.text.startswith("\n") else self.text
        if self.tag == "select":
            return ",".join(value for value, selected, _ in self.options if selected)
        return self.attrs.get("value") or ""

    def entries(self) -> list[tuple[str, str]]:
        """This control's part of the form data set (the submit button's is added by the form)."""
        if not self.name or self.disabled or self.kind in _NO_VALUE:
            return []
        if self.tag == "textarea":
            return [(self.name, self.rendered.replace("\r\n", "\n").replace("\n", "\r\n"))]
        if self.tag == "select":
            enabled = [(value, selected) for value, selected, disabled in self.options if not disabled]
            chosen = [value for value, selected in enabled if selected]
            if "multiple" in self.attrs:
                return [(self.name, value) for value in chosen]
            if chosen:
                return [(self.name, chosen[-1])]
            return [(self.name, enabled[0][0])] if enabled else []
        if self.kind in ("checkbox", "radio"):
            return [(self.name, self.attrs.get("value") or "on")] if "checked" in self.attrs else []
        return [(self.name, sanitized(self.kind, self.attrs.get("value") or ""))]

    def dropped(self) -> bool:
        """The page rendered a value the browser cannot hold for the input's type (it shows and sends nothing)."""
        if self.tag != "input" or self.kind not in _VALID or not self.rendered:
            return False
        return sanitized(self.kind, self.rendered) != self.rendered.strip()


@dataclass
class Form:
    """A ``<form>`` and the controls that belong to it (also those outside it that name it with ``form=``)."""

    attrs: dict[str, str | None]
    controls: list[Control] = field(default_factory=list)
    scripted: list[dict[str, str | None]] = field(default_factory=list)  # elements inside with hx-post

    @property
    def method(self) -> str:
        return (self.attrs.get("method") or "get").lower()

    @property
    def multipart(self) -> bool:
        return (self.attrs.get("enctype") or "").lower() == "multipart/form-data"

    def submitters(self) -> list[Control | None]:
        """Each distinct named submit button, or the form's implicit submission when no button has a name."""
        buttons = [c for c in self.controls if c.is_submit and not c.disabled]
        named, seen = [], set()
        for button in buttons:
            key = (button.name, button.attrs.get("value") or "", button.attrs.get("formaction"))
            if (button.name or button.attrs.get("formaction")) and key not in seen:
                seen.add(key)
                named.append(button)
        return named or [buttons[0] if buttons else None]

    def data(self, submitter: Control | None = None) -> list[tuple[str, str]]:
        entries = [entry for control in self.controls for entry in control.entries()]
        if submitter is not None and submitter.name:
            entries.append((submitter.name, submitter.attrs.get("value") or ""))
        return entries

    def rendered(self) -> dict[str, list[str]]:
        """Name -> the values the page rendered for it (raw markup)."""
        values: dict[str, list[str]] = {}
        for control in self.controls:
            if control.name and control.kind not in _NO_VALUE:
                values.setdefault(control.name, []).append(control.rendered)
        return values


class PageParser(HTMLParser):
    """Collects the forms of a page, every element's attributes, and the controls marked invalid."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._form: Form | None = None
        self._loose: list[Control] = []  # controls outside any form (they may name one with form=)
        self._select: Control | None = None
        self._option: list | None = None
        self._textarea: Control | None = None
        self._disabled_fieldsets: list[int] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        self.elements.append((tag, attrs))
        if tag not in _VOID:
            self._open.append(tag)
        if tag == "form":
            if self._form is None:  # a browser ignores a form nested in a form
                self._form = Form(attrs)
                self.forms.append(self._form)
            return
        if tag == "fieldset" and "disabled" in attrs:
            self._disabled_fieldsets.append(len(self._open))
        if self._form is not None and "hx-post" in attrs:
            self._form.scripted.append(attrs)
        if tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, "disabled" in attrs, ""]
        if tag not in ("input", "select", "textarea", "button"):
            return
        control = Control(tag, attrs, disabled="disabled" in attrs or bool(self._disabled_fieldsets))
        if attrs.get("form"):
            self._loose.append(control)
        elif self._form is not None:
            self._form.controls.append(control)
        else:
            self._loose.append(control)
        if tag == "select":
            self._select = control
        elif tag == "textarea":
            self._textarea = control

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[3] += data
        elif self._textarea is not None:
            self._textarea.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" or (tag == "select" and self._option is not None):
            self._close_option()
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None
        if tag in self._open:
            while self._open:
                if self._disabled_fieldsets and self._disabled_fieldsets[-1] == len(self._open):
                    self._disabled_fieldsets.pop()
                if self._open.pop() == tag:
                    break

    def _close_option(self) -> None:
        if self._option is not None and self._select is not None:
            value, selected, disabled, text = self._option
            self._select.options.append((value if value is not None else " ".join(text.split()), selected, disabled))
        self._option = None

    def close(self) -> None:
        super().close()
        by_id = {form.attrs.get("id"): form for form in self.forms if form.attrs.get("id")}
        for control in self._loose:
            owner = by_id.get(control.attrs.get("form"))
            if owner is not None:
                owner.controls.append(control)

    def invalid_names(self) -> set[str]:
        """Controls the page marks invalid: Django's ``aria-invalid`` on a widget with errors, Bootstrap's
        ``is-invalid`` on hand-written inputs."""
        return {
            attrs["name"]
            for tag, attrs in self.elements
            if tag in ("input", "select", "textarea")
            and attrs.get("name")
            and (attrs.get("aria-invalid") == "true" or "is-invalid" in (attrs.get("class") or "").split())
        }


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser
