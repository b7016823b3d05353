"""Pages of staffing: parse the request, call a selector or service, render."""

from .catalogue import home, roles, settings
from .headcount import gap_report, planned, planned_seed
from .roster import person_detail, person_edit, person_new, roster, time_off_new, time_off_remove

__all__ = [
    "gap_report",
    "home",
    "person_detail",
    "person_edit",
    "person_new",
    "planned",
    "planned_seed",
    "roles",
    "roster",
    "settings",
    "time_off_new",
    "time_off_remove",
]
