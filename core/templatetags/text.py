"""Text filters every template has (TEMPLATES' ``builtins``): ``{{ field.label|colon }}`` writes a label with the
colon of the reader's language, 订单数：… in Chinese and Orders: … in English; ``{{ names|joined }}`` a list with
its comma (a、b / a, b); ``{{ name|bracketed:note }}`` a note after a name in its brackets (名称（备注）/ name (note)),
``{{ note|in_brackets }}`` the same after what precedes it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from core import text

register = template.Library()


@register.filter
def colon(label: Any) -> str:
    """The label followed by its language's colon (and the space English puts after it)."""
    return text.labelled(label, "")


@register.filter
def joined(items: Iterable[Any]) -> str:
    """The items as a list, with the comma of the reader's language."""
    return text.joined(items)


@register.filter
def bracketed(name: Any, note: Any) -> str:
    """The name followed by the note in the brackets of the reader's language."""
    return text.bracketed(name, note)


@register.filter
def in_brackets(note: Any) -> str:
    """A note in brackets after what precedes it: " (Asia/Shanghai)" / "（Asia/Shanghai）"."""
    return text.bracketed("", note)
