"""Human names for the source keys that daily figures and stock movements carry.

The keys: ``service_log`` (customer service in the browser), ``client:<id>`` (an API client), ``user:<id>`` (someone
in the browser), ``factory_order:<id>`` (a received factory order), ``system``, ``demo:<what>`` (the demo data) and
``export:<platform>`` (a platform's back-office export). Every page that shows where a figure came from names it
here, so no page shows ``client:1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from accounts.models import ApiClient
from stores.choices import Platform

from .choices import SERVICE_LOG_SOURCE

SYSTEM_SOURCE = "system"


def _split(key: str) -> tuple[str, str]:
    kind, _sep, rest = key.partition(":")
    return kind, rest


def _number(rest: str) -> int | None:
    return int(rest) if rest.isdigit() else None


def source_label(key: str, clients: Mapping[int, str] | None = None, users: Mapping[int, str] | None = None) -> str:
    """The translated name of one source key; ``clients`` and ``users`` map ids to names (see source_labels)."""
    kind, rest = _split(key)
    number = _number(rest)
    if key == SERVICE_LOG_SOURCE:
        return _("Customer-service log")
    if key == SYSTEM_SOURCE:
        return _("opsplan (automatic)")
    if kind == "client" and number is not None:
        return _("API client %(name)s") % {"name": (clients or {}).get(number, f"#{number}")}
    if kind == "user" and number is not None:
        name = (users or {}).get(number)
        return name if name else _("User #%(id)s") % {"id": number}
    if kind == "factory_order" and number is not None:
        return _("Factory order #%(id)s") % {"id": number}
    if kind == "demo":
        return _("Demo data: opening stock") if rest == "opening" else _("Demo data")
    if kind == "export" and rest in Platform.values:
        return _("%(platform)s back-office export") % {"platform": Platform(rest).label}
    return _("Other source (%(key)s)") % {"key": key}


def source_labels(keys: Iterable[str]) -> dict[str, str]:
    """A translated name for each source key: API clients and people by their names (at most two queries)."""
    keys = set(keys)
    ids: dict[str, set[int]] = {"client": set(), "user": set()}
    for key in keys:
        kind, rest = _split(key)
        if kind in ids and _number(rest) is not None:
            ids[kind].add(int(rest))
    clients = dict(ApiClient.objects.filter(pk__in=ids["client"]).values_list("pk", "name")) if ids["client"] else {}
    user_model = get_user_model()
    users = (
        dict(user_model.objects.filter(pk__in=ids["user"]).values_list("pk", user_model.USERNAME_FIELD))
        if ids["user"]
        else {}
    )
    return {key: source_label(key, clients, users) for key in keys}
