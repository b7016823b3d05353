"""Forms of the rota pages; the rules live in the services, whose messages land on the fields."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy

from core.dates import BusinessDateFormField
from core.forms import BootstrapFormMixin
from core.months import shift_month
from core.weekdays import Weekday
from staffing.models import Person, StaffRole
from stores.models import Store

from .choices import ShiftState
from .models import ShiftPattern

ISO_DATE = ["%Y-%m-%d"]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class GenerateForm(BootstrapFormMixin, forms.Form):
    start = BusinessDateFormField(label=gettext_lazy("From"), input_formats=ISO_DATE, widget=DATE_WIDGET)
    end = BusinessDateFormField(label=gettext_lazy("Until"), input_formats=ISO_DATE, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", gettext_lazy("The range ends before it starts."))
        return data


class PatternForm(BootstrapFormMixin, forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Weekdays"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3, 4, 5, 6],
    )

    class Meta:
        model = ShiftPattern
        fields = [
            "name",
            "start_time",
            "end_time",
            "second_start_time",
            "second_end_time",
            "weekdays",
            "headcount_source",
            "headcount",
        ]
        widgets = {
            "start_time": TIME_WIDGET,
            "end_time": TIME_WIDGET,
            "second_start_time": TIME_WIDGET,
            "second_end_time": TIME_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekdays"].widget.attrs["class"] = "form-check-inline"

    def _post_clean(self):
        pass  # the service checks the pattern (and its name being unique in the store's role)


class ShiftForm(BootstrapFormMixin, forms.Form):
    pattern = forms.ModelChoiceField(label=gettext_lazy("Shift"), queryset=ShiftPattern.objects.none())
    person = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=Person.objects.none())
    date = BusinessDateFormField(label=gettext_lazy("Day"), input_formats=ISO_DATE, widget=DATE_WIDGET)
    state = forms.ChoiceField(label=gettext_lazy("State"), choices=ShiftState.choices, initial=ShiftState.PLANNED)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, store: Store, role: StaffRole, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pattern"].queryset = ShiftPattern.objects.filter(store=store, role=role).order_by(
            "position", "start_time"
        )
        self.fields["person"].queryset = (
            Person.objects.filter(assignments__store=store, assignments__role=role).distinct().order_by("name")
        )

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("pattern", "person", "date", "state")}


def default_range(first_of_month: date) -> dict:
    """The generate form's initial range: the month shown."""
    return {"start": first_of_month, "end": shift_month(first_of_month, 1) - timedelta(days=1)}
