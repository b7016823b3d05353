"""Forms of the assessment pages; the rules live in the services, whose messages land on fields."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateFormField
from core.forms import BootstrapFormMixin
from staffing.models import Person

from .domain import GROUPS, WEIGHT_FIELDS
from .models import RoleWeights, TeamworkScore


class RoleWeightsForm(BootstrapFormMixin, forms.Form):
    """A role's weights in whole percent: the three dimensions, then the figures inside results and satisfaction."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {f.name: f.verbose_name for f in RoleWeights._meta.get_fields() if f.name in WEIGHT_FIELDS}
        for name in WEIGHT_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=labels[name], min_value=0, max_value=100, widget=forms.NumberInput(attrs={"step": 1})
            )
        for field in self.fields.values():  # added after the mixin styled the form's declared fields
            field.widget.attrs["class"] = "form-control form-control-sm"

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        titles = {
            "dimensions": _("Dimensions"),
            "results": _("Inside results"),
            "satisfaction": _("Inside customer satisfaction"),
        }
        return [(titles[group], [self[name] for name in names]) for group, names in GROUPS.items()]

    def values(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in WEIGHT_FIELDS}


class MonthForm(forms.Form):
    """The month a page or a computation is about (``YYYY-MM``)."""

    month = BusinessDateFormField(
        input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    )
    new_version = forms.BooleanField(required=False)

    def clean_month(self) -> date:
        return self.cleaned_data["month"].replace(day=1)


class TeamworkForm(BootstrapFormMixin, forms.Form):
    """A score (0–100) and a comment for each person working in the store that month; empty rows are skipped."""

    def __init__(self, *args: Any, people: Iterable[Person], given: dict[int, TeamworkScore], **kwargs: Any) -> None:
        self.people = list(people)
        super().__init__(*args, **kwargs)
        for person in self.people:
            current = given.get(person.pk)
            self.fields[f"score_{person.pk}"] = forms.IntegerField(
                label=_("Teamwork score of %(person)s") % {"person": person.name},
                min_value=0,
                max_value=100,
                required=False,
                initial=current.score if current else None,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": 1}),
            )
            self.fields[f"comment_{person.pk}"] = forms.CharField(
                label=_("Comment on %(person)s") % {"person": person.name},
                required=False,
                max_length=2000,
                initial=current.comment if current else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self) -> list[tuple[Person, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"score_{p.pk}"], self[f"comment_{p.pk}"]) for p in self.people]

    def scores(self) -> list[tuple[Person, int, str]]:
        return [
            (p, self.cleaned_data[f"score_{p.pk}"], self.cleaned_data[f"comment_{p.pk}"])
            for p in self.people
            if self.cleaned_data.get(f"score_{p.pk}") is not None
        ]
