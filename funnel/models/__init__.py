"""Funnel models: daily actuals (with their revisions) and plans (templates, stage plans, milestones)."""

from .actuals import (
    METRIC_COUNT_FIELDS,
    METRIC_FIELDS,
    METRIC_MONEY_FIELDS,
    DailyMetric,
    DailyMetricRevision,
    IdempotencyRecord,
)
from .exports import ExportMapping
from .plans import (
    DEFAULT_SCENARIO,
    STAGE_FIELDS,
    DailyTarget,
    Milestone,
    Plan,
    PlanChange,
    StagePlan,
    StageTemplate,
    scenario_key,
    scenario_label,
)

__all__ = [
    "DEFAULT_SCENARIO",
    "METRIC_COUNT_FIELDS",
    "METRIC_FIELDS",
    "METRIC_MONEY_FIELDS",
    "STAGE_FIELDS",
    "DailyMetric",
    "DailyMetricRevision",
    "DailyTarget",
    "ExportMapping",
    "IdempotencyRecord",
    "Milestone",
    "Plan",
    "PlanChange",
    "StagePlan",
    "StageTemplate",
    "scenario_key",
    "scenario_label",
]
