"""Writes of staffing: a store's norms and policy, people with their assignments and time off, planned headcount.

Every refusal raises :class:`StaffingInvalid` with messages per field and writes nothing.
"""

from .common import StaffingInvalid
from .people import AssignmentInput, assignment_save, person_save, time_off_add, time_off_delete
from .planned import STARTING_TEAM, planned_headcount_seed, planned_headcount_set
from .settings import norms_save, policy_save

__all__ = [
    "STARTING_TEAM",
    "AssignmentInput",
    "StaffingInvalid",
    "assignment_save",
    "norms_save",
    "person_save",
    "planned_headcount_seed",
    "planned_headcount_set",
    "policy_save",
    "time_off_add",
    "time_off_delete",
]
