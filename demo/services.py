"""Loading the demo data; every step is an upsert, so loading twice changes nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Membership
from stores.models import Store

from . import data


@transaction.atomic
def demo_load() -> list[tuple[str, str]]:
    """Load the demo company; returns the (username, description) of every demo login."""
    stores = {}
    for spec in data.STORES:
        store, _ = Store.objects.update_or_create(
            code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"}
        )
        stores[store.code] = store
    user_model = get_user_model()
    logins = []
    admin, created = user_model.objects.get_or_create(
        username=data.ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"}
    )
    if created:
        admin.set_password(data.DEMO_PASSWORD)
        admin.save()
    logins.append((admin.username, "superuser: every store, the admin"))
    for username, (last, first), roles in data.PEOPLE:
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"last_name": last, "first_name": first, "email": f"{username}@example.com"}
        )
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save()
        for code, role in roles.items():
            Membership.objects.update_or_create(user=user, store=stores[code], defaults={"role": role})
        described = ", ".join(f"{role} @ {code}" for code, role in roles.items())
        logins.append((username, described))
    return logins
