"""Forms of the customer-service log: pick a store and day, enter the day's figures (a file is uploaded with
``imports.forms.UploadForm``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import BusinessDateFormField, local_date
from core.forms import BootstrapFormMixin
from core.playbook import POSITIVE_RATE_TARGET
from stores.models import Store

from .domain import (
    LOG_FIELDS,
    MAX_COUNT,
    MAX_RATE,
    MAX_RATING,
    RATING_FIELDS,
    SHIPPED_FIELDS,
    day_problem,
    latest_loggable_day,
    value_problems,
)

ISO_DATE = ["%Y-%m-%d"]


def _date_field() -> BusinessDateFormField:
    return BusinessDateFormField(
        label=gettext_lazy("Date"),
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter a date like 2026-11-11.")},
    )


class LogPickerForm(BootstrapFormMixin, forms.Form):
    """Which store and day to log; a store must be one of the user's, the day at most one day ahead."""

    store = forms.CharField(label=gettext_lazy("Store"), widget=forms.Select)
    date = _date_field()

    def __init__(self, *args, stores: Sequence[Store], now: datetime, **kwargs) -> None:
        # Set before Form.__init__, so clean() has them however early validation runs.
        self.stores = {store.code: store for store in stores}
        self.now = now
        super().__init__(*args, **kwargs)
        self.fields["store"].widget.choices = [(store.code, store.name) for store in stores]

    def clean_store(self) -> Store:
        store = self.stores.get(self.cleaned_data["store"])
        if store is None:
            raise forms.ValidationError(_("Pick one of the stores you log for."))
        return store

    def clean(self) -> dict:
        cleaned = super().clean()
        store, day = cleaned.get("store"), cleaned.get("date")
        if store is not None and day is not None:
            problem = day_problem(day, local_date(store.time_zone, self.now))
            if problem:
                self.add_error("date", problem)
        return cleaned


def _count(label: str, help_text: str = "", required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_COUNT, "step": 1}),
        # The same words as an upload's count cells get.
        error_messages={"invalid": gettext_lazy("Enter a whole number, e.g. 12.")},
    )


def _decimal(label: str, maximum: object = None, help_text: str = "", required: bool = True) -> forms.DecimalField:
    attrs = {"min": 0, "step": "0.01", "inputmode": "decimal"}
    if maximum is not None:
        attrs["max"] = maximum
    return forms.DecimalField(label=label, help_text=help_text, required=required, widget=forms.NumberInput(attrs))


class ServiceLogForm(BootstrapFormMixin, forms.Form):
    """A day's figures; the rules (ranges, shipped buckets within orders, …) are those of ``orders.domain``."""

    uv = _count(
        gettext_lazy("Visitors (UV)"),
        gettext_lazy("Unique visitors, from the platform's back office; with them the dashboards show conversion."),
        required=False,
    )
    orders = _count(gettext_lazy("Orders"))
    gmv = _decimal(gettext_lazy("GMV (CNY)"))
    refunds = _count(gettext_lazy("Refunds"))
    complaints = _count(gettext_lazy("Complaints"))
    shipped_24h = _count(
        gettext_lazy("Shipped within 24 h"), gettext_lazy("Of the day's orders, those shipped within 24 hours.")
    )
    shipped_48h = _count(
        gettext_lazy("Shipped within 24–48 h"), gettext_lazy("Those shipped after 24 but within 48 hours.")
    )
    shipped_later = _count(
        gettext_lazy("Shipped after 48 h"), gettext_lazy("Should be 0: orders ship within 48 hours at the latest.")
    )
    rating_description = _decimal(gettext_lazy("Item as described"), MAX_RATING, required=False)
    rating_service = _decimal(gettext_lazy("Service attitude"), MAX_RATING, required=False)
    rating_shipping = _decimal(gettext_lazy("Shipping speed"), MAX_RATING, required=False)
    positive_rate = _decimal(gettext_lazy("Positive-rating rate (%)"), MAX_RATE, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["positive_rate"].help_text = _("Target: at least %(target)s%%.") % {
            "target": POSITIVE_RATE_TARGET.normalize()
        }
        for name in RATING_FIELDS:
            self.fields[name].help_text = _("0.00–5.00; leave empty while the shop has no rating.")

    @property
    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in the fieldsets the page shows."""
        sets = [
            (_("Visitors and orders"), ("uv", "orders", "gmv", "refunds", "complaints")),
            (_("Shipping"), SHIPPED_FIELDS),
            (_("Shop ratings (DSR) and positive-rating rate"), (*RATING_FIELDS, "positive_rate")),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in sets]

    def clean(self) -> dict:
        cleaned = super().clean()
        if any(name in self.errors for name in LOG_FIELDS):
            return cleaned  # the rules across fields need every figure
        for problem in value_problems({name: cleaned.get(name) for name in LOG_FIELDS}):
            self.add_error(problem.fields[0] if len(problem.fields) == 1 else None, problem.message)
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in LOG_FIELDS}


def picker_max_date(store: Store, now: datetime) -> str:
    """The latest day the date picker offers for ``store``."""
    return latest_loggable_day(local_date(store.time_zone, now)).isoformat()
