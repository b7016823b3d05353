"""Forms of the plan pages. Percentages are entered as percent (2.0 = 2%) and stored as fractions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateFormField
from core.forms import BootstrapFormMixin
from core.weekdays import Weekday
from funnel.choices import MilestoneMetric
from funnel.domain.validation import period_problems
from funnel.models import DEFAULT_SCENARIO, Plan, StagePlan, scenario_key, scenario_label

HUNDRED = Decimal(100)
WEEKDAYS = Weekday.labels


class ScenarioField(forms.CharField):
    """A plan's scenario: the default one shown and typed by its label in either language, stored by its key."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Scenario"), max_length=40, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return scenario_label(value) if isinstance(value, str) else value

    def to_python(self, value: Any) -> str:
        return scenario_key(super().to_python(value))


class PlanCreateForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    scenario = ScenarioField(initial=DEFAULT_SCENARIO)
    period_start = BusinessDateFormField(label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = BusinessDateFormField(label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        for problem in period_problems(start, end) if start and end else []:
            self.add_error(problem.field, problem.message)
        return data


def _percent(label: Any, max_value: int = 100) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_value=max_value, decimal_places=2, max_digits=6)


class StageForm(BootstrapFormMixin, forms.Form):
    """One stage row of the plan editor (prefix ``s<number>``)."""

    start_date = BusinessDateFormField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = BusinessDateFormField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    uv_min = forms.IntegerField(label=_("UV/day from"), min_value=0)
    uv_max = forms.IntegerField(label=_("UV/day to"), min_value=0)
    orders_min = forms.IntegerField(label=_("Orders/day from"), min_value=0)
    orders_max = forms.IntegerField(label=_("Orders/day to"), min_value=0)
    orders_per_day = forms.DecimalField(label=_("Orders/day target"), min_value=0, decimal_places=1, max_digits=8)
    conversion_pct = forms.DecimalField(
        label=_("Conversion %"), min_value=Decimal("0.01"), max_value=100, decimal_places=2, max_digits=6
    )
    aov = forms.DecimalField(label=_("AOV (CNY)"), min_value=0, decimal_places=2, max_digits=14)
    paid_share_pct = _percent(_("Paid traffic %"))
    cpc = forms.DecimalField(label=_("CNY per paid visitor"), min_value=0, decimal_places=2, max_digits=8)
    bestseller_count = forms.IntegerField(label=_("Best-sellers"), min_value=0, max_value=50)
    bestseller_sales = forms.IntegerField(label=_("Best-seller sales"), min_value=0)
    listed_items = forms.IntegerField(label=_("Listed items"), min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-control form-control-sm", "aria-label": field.label})

    @classmethod
    def for_stage(cls, stage: StagePlan, data: Any = None) -> StageForm:
        initial = {name: getattr(stage, name) for name in cls.base_fields if hasattr(stage, name)}
        initial["conversion_pct"] = stage.conversion_pct
        initial["paid_share_pct"] = stage.paid_share_pct
        return cls(data=data, initial=initial, prefix=f"s{stage.number}")

    def stage_values(self) -> dict[str, Any]:
        values = {k: v for k, v in self.cleaned_data.items() if not k.endswith("_pct")}
        values["conversion"] = (self.cleaned_data["conversion_pct"] / HUNDRED).quantize(Decimal("0.0001"))
        values["paid_share"] = (self.cleaned_data["paid_share_pct"] / HUNDRED).quantize(Decimal("0.001"))
        return values


class PlanEditForm(BootstrapFormMixin, forms.Form):
    """The plan's own fields in the editor, with its seasonality profile."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=120)
    scenario = ScenarioField()
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"lock_version": plan.lock_version, "name": plan.name, "scenario": plan.scenario, "notes": plan.notes},
        )
        super().__init__(*args, **kwargs)
        weekday = plan.weekday_weights if len(plan.weekday_weights or []) == 7 else [1.0] * 7
        month = plan.month_weights if len(plan.month_weights or []) == 12 else [1.0] * 12
        for i, label in enumerate(WEEKDAYS):
            self.fields[f"wd{i}"] = forms.DecimalField(
                label=label, min_value=0, max_value=20, decimal_places=2, initial=weekday[i]
            )
        for i in range(12):
            self.fields[f"m{i}"] = forms.DecimalField(
                label=date(2000, i + 1, 1).strftime("%m"), min_value=0, max_value=20, decimal_places=2, initial=month[i]
            )
        for name, field in self.fields.items():
            if name.startswith(("wd", "m")) and name[-1].isdigit():
                field.widget.attrs.update({"class": "form-control form-control-sm", "step": "0.05"})

    def weekday_fields(self) -> list[forms.BoundField]:
        return [self[f"wd{i}"] for i in range(7)]

    def month_fields(self) -> list[forms.BoundField]:
        return [self[f"m{i}"] for i in range(12)]

    def plan_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "scenario": data["scenario"],
            "notes": data["notes"],
            "weekday_weights": [float(data[f"wd{i}"]) for i in range(7)],
            "month_weights": [float(data[f"m{i}"]) for i in range(12)],
        }


class MilestoneForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    metric = forms.ChoiceField(label=_("Metric"), choices=MilestoneMetric.choices)
    target = forms.DecimalField(label=_("At least"), min_value=0, max_digits=12, decimal_places=4)
    due_date = BusinessDateFormField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))


class CopyForm(BootstrapFormMixin, forms.Form):
    scenario = ScenarioField()
