"""Pure rota arithmetic: shift intervals, required headcount, the generator and the coverage check."""

from .coverage import Breach, Gap, Placed, coverage_gaps, rule_breaches
from .generator import MIN_REST, Commitment, PersonSpec, RotaPlan, generate_rota
from .headcount import Demand, orders_on, required_headcount
from .shifts import PatternSpec, days_in_range, is_weekend, overlaps, segment_interval

__all__ = [
    "MIN_REST",
    "Breach",
    "Commitment",
    "Demand",
    "Gap",
    "PatternSpec",
    "PersonSpec",
    "Placed",
    "RotaPlan",
    "coverage_gaps",
    "days_in_range",
    "generate_rota",
    "is_weekend",
    "orders_on",
    "overlaps",
    "required_headcount",
    "rule_breaches",
    "segment_interval",
]
