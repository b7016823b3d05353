"""A plan's history as people read it: "Stage 5 · AOV target: ¥80.00 → ¥95.00", never ``stage 5 · aov``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import change_display

from .models import Milestone, Plan, PlanChange, StagePlan, scenario_label

# What plan_save and friends write into PlanChange.field besides the names of model fields.
EVENTS = {
    "created": gettext_lazy("Created"),
    "copied": gettext_lazy("Copied from"),
    "added": gettext_lazy("Added"),
    "removed": gettext_lazy("Removed"),
}


@dataclass(frozen=True)
class PlanHistoryRow:
    at: datetime
    user: Any
    subject: str  # "计划", "阶段 5", "里程碑"
    label: str  # the field's verbose name, or what happened
    old: str
    new: str

    @property
    def what(self) -> str:
        return f"{self.subject} · {self.label}"


def _subject(subject: str) -> tuple[str, type[models.Model]]:
    """The subject's name and model: "plan" -> Plan, "stage 3" -> StagePlan (stage 3), "milestone" -> Milestone."""
    if subject.startswith("stage "):
        return _("Stage %(number)s") % {"number": subject.removeprefix("stage ")}, StagePlan
    model = Milestone if subject == "milestone" else Plan
    return str(capfirst(model._meta.verbose_name)), model


def plan_history_row(change: PlanChange) -> PlanHistoryRow:
    name, model = _subject(change.subject)
    if change.field in EVENTS:
        # Event texts written untranslated (e.g. "from the template") read in the reader's language; a copy's
        # source plan is data and shows as written.
        old, new = (_(text) if text and change.field != "copied" else text for text in (change.old, change.new))
        return PlanHistoryRow(change.at, change.user, name, str(EVENTS[change.field]), old, new)
    shown = change_display(model, change.field, change.old, change.new)
    if model is Plan and change.field == "scenario":
        shown = replace(shown, old=scenario_label(shown.old), new=scenario_label(shown.new))
    return PlanHistoryRow(change.at, change.user, name, shown.label, shown.old, shown.new)


def plan_history(changes: Iterable[PlanChange]) -> list[PlanHistoryRow]:
    return [plan_history_row(change) for change in changes]
