"""How opsplan punctuates text around names and lists in the reader's language: Chinese takes the full-width
brackets and the enumeration comma (山河家居（jd-shop）, 周一、周三), English the ASCII ones (Mon, Wed). Code that
puts a note after a name or joins items for people goes through here, never through ``f"{a} ({b})"`` or
``", ".join``."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext, pgettext


def joined(items: Iterable[object]) -> str:
    """Items as a list in the active language: "a, b" / "a、b"."""
    # Translators: the separator between the items of a list ("Mon, Wed"; Chinese uses 、).
    return gettext(", ").join(str(item) for item in items)


def bracketed(text: object, note: object) -> str:
    """A note after a name, in brackets: "Tmall Flagship (tmall-flagship)" / "Tmall Flagship（tmall-flagship）"."""
    return pgettext("a note in brackets after a name", "%(text)s (%(note)s)") % {"text": text, "note": note}


def labelled(label: object, value: object) -> str:
    """A value after its label, with the colon of the active language: "Status: Active" / "状态：进行中"."""
    return pgettext("after a label", "%(label)s: ") % {"label": label} + str(value)
