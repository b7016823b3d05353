"""Writes of staffing: a store's norms and policy, people with their assignments and time off, planned headcount.

Every refusal raises :class:`StaffingInvalid` with messages per field and writes nothing.
"""

from .common import StaffingForbidden, StaffingInvalid
from .people import (
    SHARED_FIELDS,
    AssignmentInput,
    assignment_save,
    person_login_link,
    person_memberships_grant,
    person_memberships_missing,
    person_save,
    shared_fields_editable,
    time_off_add,
    time_off_delete,
)
from .planned import STARTING_TEAM, planned_headcount_seed, planned_headcount_set
from .settings import norms_save, policy_save

__all__ = [
    "SHARED_FIELDS",
    "STARTING_TEAM",
    "AssignmentInput",
    "StaffingForbidden",
    "StaffingInvalid",
    "assignment_save",
    "norms_save",
    "person_login_link",
    "person_memberships_grant",
    "person_memberships_missing",
    "person_save",
    "planned_headcount_seed",
    "planned_headcount_set",
    "policy_save",
    "shared_fields_editable",
    "time_off_add",
    "time_off_delete",
]
