"""Text filters every template has (TEMPLATES' ``builtins``): ``{{ field.label|colon }}`` writes a label with the
colon of the reader's language, 订单数：… in Chinese and Orders: … in English."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def colon(label: Any) -> str:
    """The label followed by its language's colon (and the space English puts after it)."""
    return pgettext("after a label", "%(label)s: ") % {"label": label}
