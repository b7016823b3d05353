"""Forms of the inventory pages: products, movements, counts, factory orders, the day's sales."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import BusinessDateFormField
from core.forms import BootstrapFormMixin, service_errors_apply

from .choices import MovementKind
from .models import FactoryOrder, Product, StockPolicy
from .services import EDITABLE_FIELDS, StockInvalid

MAX_UNITS = 1_000_000


def _date_field(label: Any) -> BusinessDateFormField:
    return BusinessDateFormField(
        label=label,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter a date like 2026-11-11.")},
    )


class ProductForm(BootstrapFormMixin, forms.ModelForm):
    """A product's fields; editing carries the version read, so a concurrent save is a conflict, not a loss."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Product
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        self.fields["safety_stock"].help_text = _(
            "Leave empty to use the store's policy (30 units for main-push items by default)."
        )

    def validate_unique(self) -> None:
        """The service checks the SKU code per store and answers with a field error."""

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class MovementForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[(k.value, k.label) for k in (MovementKind.RECEIPT, MovementKind.RETURN, MovementKind.ADJUSTMENT)],
    )
    quantity = forms.IntegerField(
        label=gettext_lazy("Units"),
        min_value=-MAX_UNITS,
        max_value=MAX_UNITS,
        help_text=gettext_lazy("Receipts and returns add units; an adjustment may be negative (e.g. -3 broken)."),
    )
    date = _date_field(gettext_lazy("Date"))
    note = forms.CharField(
        label=gettext_lazy("Reason or note"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Required for an adjustment."),
    )

    def add_stock_error(self, exc: StockInvalid) -> None:
        service_errors_apply(self, exc)


class StockCountForm(BootstrapFormMixin, forms.Form):
    counted = forms.IntegerField(label=gettext_lazy("Units counted"), min_value=0, max_value=MAX_UNITS)
    date = _date_field(gettext_lazy("Date of the count"))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=255, required=False)

    def add_stock_error(self, exc: StockInvalid) -> None:
        service_errors_apply(self, exc)


class FactoryOrderForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = FactoryOrder
        fields = ["product", "quantity", "ordered_on", "expected_on", "promotion", "note"]
        widgets = {
            "ordered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, products: Any, promotions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["promotion"].queryset = promotions
        self.fields["quantity"].max_value = MAX_UNITS

    def add_stock_error(self, exc: StockInvalid) -> None:
        service_errors_apply(self, exc)


class ReceiveForm(BootstrapFormMixin, forms.Form):
    date = _date_field(gettext_lazy("Received on"))
    quantity = forms.IntegerField(label=gettext_lazy("Units received"), min_value=1, max_value=MAX_UNITS)


class SalesEntryForm(BootstrapFormMixin, forms.Form):
    """One store-day: units sold and returned per listed SKU; empty rows are left alone."""

    date = _date_field(gettext_lazy("Day"))

    def __init__(self, *args: Any, products: Sequence[Product], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.products = list(products)
        for product in self.products:
            self.fields[f"sold_{product.pk}"] = forms.IntegerField(
                label=_("%(sku)s sold") % {"sku": product.code}, min_value=0, max_value=MAX_UNITS, required=False
            )
            self.fields[f"returned_{product.pk}"] = forms.IntegerField(
                label=_("%(sku)s returned") % {"sku": product.code}, min_value=0, max_value=MAX_UNITS, required=False
            )
            for name in (f"sold_{product.pk}", f"returned_{product.pk}"):
                self.fields[name].widget.attrs.update({"class": "form-control form-control-sm", "inputmode": "numeric"})

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"product": p, "sold": self[f"sold_{p.pk}"], "returned": self[f"returned_{p.pk}"]} for p in self.products
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for product in self.products:
            if data.get(f"sold_{product.pk}") is None and data.get(f"returned_{product.pk}") is not None:
                self.add_error(f"sold_{product.pk}", _("Enter the units sold too (0 if none)."))
        if not self.errors and not self.entries():
            raise forms.ValidationError(_("Enter the units sold of at least one product."))
        return data

    def entries(self) -> list[tuple[Product, int, int | None]]:
        """(product, sold, returned or None) for every product with a figure."""
        data = self.cleaned_data
        return [
            (p, data[f"sold_{p.pk}"], data.get(f"returned_{p.pk}"))
            for p in self.products
            if data.get(f"sold_{p.pk}") is not None
        ]


def initial_sales(entries: dict[int, dict[str, int]]) -> dict[str, int]:
    initial = {}
    for product_id, values in entries.items():
        if "quantity" in values:
            initial[f"sold_{product_id}"] = values["quantity"]
        if "returns" in values:
            initial[f"returned_{product_id}"] = values["returns"]
    return initial


class StockPolicyForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = StockPolicy
        fields = [
            "main_push_safety_stock",
            "other_safety_stock",
            "listed_min",
            "listed_max",
            "main_push_target",
            "order_cover_days",
            "decision_days",
            "order_safety_days",
            "reminder_days",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("listed_min"), data.get("listed_max")
        if low is not None and high is not None and low > high:
            self.add_error("listed_max", _("Must not be below the lower bound."))
        return data
