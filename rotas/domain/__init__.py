"""Pure rota arithmetic: shift intervals, required headcount, the generator and the coverage check."""

from .coverage import (
    DAYS_IN_ROW,
    NOBODY,
    OPEN,
    REASONS,
    REST,
    TIME_OFF,
    WEEKLY_HOURS,
    Breach,
    Gap,
    Placed,
    coverage_gaps,
    rule_breaches,
)
from .generator import MIN_REST, Commitment, PersonSpec, RotaPlan, blocker, explain_gaps, gap_reason, generate_rota
from .headcount import Demand, orders_on, required_headcount
from .shifts import PatternSpec, days_in_range, is_weekend, overlaps, segment_interval

__all__ = [
    "DAYS_IN_ROW",
    "MIN_REST",
    "NOBODY",
    "OPEN",
    "REASONS",
    "REST",
    "TIME_OFF",
    "WEEKLY_HOURS",
    "Breach",
    "Commitment",
    "Demand",
    "Gap",
    "PatternSpec",
    "PersonSpec",
    "Placed",
    "RotaPlan",
    "blocker",
    "coverage_gaps",
    "days_in_range",
    "explain_gaps",
    "gap_reason",
    "generate_rota",
    "is_weekend",
    "orders_on",
    "overlaps",
    "required_headcount",
    "rule_breaches",
    "segment_interval",
]
