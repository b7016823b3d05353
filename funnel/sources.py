"""What a source key of figures and stock movements means to a person: ``client:3`` -> "API client erp-sync",
``service_log`` -> "Customer-service log", ``demo:opening`` -> "Opening stock (demo data)".

The keys are written by funnel (``client_source``, ``SERVICE_LOG_SOURCE``), inventory's services (``user:<id>``,
``system``, ``factory_order:<id>``) and the demo data (``demo:…``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from accounts.models import ApiClient

from .choices import SERVICE_LOG_SOURCE


def source_label(source: str) -> str:
    """The translated label of one source key; an unknown key is shown as it is."""
    kind, _sep, ref = source.partition(":")
    if source == SERVICE_LOG_SOURCE:
        return _("Customer-service log")
    if source == "system":
        return _("opsplan")
    if kind == "demo":
        return _("Opening stock (demo data)") if ref == "opening" else _("Demo data")
    if kind == "factory_order" and ref.isdigit():
        return _("Factory order #%(number)s") % {"number": ref}
    if kind == "client" and ref.isdigit():
        name = ApiClient.objects.filter(pk=int(ref)).values_list("name", flat=True).first()
        return _("API client %(name)s") % {"name": name} if name else _("A removed API client")
    if kind == "user" and ref.isdigit():
        user = get_user_model().objects.filter(pk=int(ref)).first()
        return user.get_username() if user else _("A removed user")
    return source
