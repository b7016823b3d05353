"""``{% allowed_url 'app:name' store=… pk=… as url %}``: the URL if the user may open the page, else empty."""

from __future__ import annotations

from typing import Any

from django import template

from stores.links import allowed_url as _allowed_url

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed_url(context: template.Context, name: str, **kwargs: Any) -> str:
    request = context.get("request")
    if request is None:
        return ""
    return _allowed_url(request, name, **kwargs)
