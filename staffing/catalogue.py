"""The playbook's role catalogue, kept whole: roles missing from the database are put back after every migrate.

The data migration loads the seven roles; a role deleted since (or a database emptied by ``flush``) would leave
assignments, norms and rotas without their role, so ``post_migrate`` restores the missing ones from the same
data. Roles that exist are never changed: the manager's edits stay.
"""

from __future__ import annotations

import importlib
from typing import Any

_CATALOGUE = importlib.import_module("staffing.migrations.0002_the_playbooks_seven_roles")
ROLES = _CATALOGUE.ROLES


def roles_ensure(using: str = "default", **_: Any) -> int:
    """Create the catalogue roles that are missing; returns how many were created."""
    from .models import StaffRole

    existing = set(StaffRole.objects.using(using).values_list("code", flat=True))
    missing = [
        StaffRole(code=row[0], **_CATALOGUE.role_fields(position, row))
        for position, row in enumerate(ROLES, start=1)
        if row[0] not in existing
    ]
    StaffRole.objects.using(using).bulk_create(missing)
    return len(missing)
