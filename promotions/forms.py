"""Forms of the promotion pages; the rules themselves live in the services, whose messages land on fields."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy

from core import numbers
from core.dates import BusinessDateFormField
from core.forms import BootstrapFormMixin
from core.tabular import UPLOAD_SUFFIXES
from inventory.models import Product

from .choices import PhaseKind, PromotionStatus
from .domain.preset import FIRST_YEAR, LAST_YEAR
from .models import Promotion, PromotionItem

ISO_DATE = ["%Y-%m-%d"]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PromotionForm(BootstrapFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Promotion
        fields = ["kind", "name", "start_date", "end_date", "budget", "status", "notes"]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = ISO_DATE
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        pass  # the services validate (dates, phases within them); the model's own checks would repeat them

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ItemForm(BootstrapFormMixin, forms.ModelForm):
    """A SKU in the promotion: the product is one of the store's."""

    class Meta:
        model = PromotionItem
        fields = ["product", "promo_price", "uplift", "presale_quantity"]

    def __init__(self, *args, store, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(store=store).order_by("code")
        self.fields["product"].label_from_instance = lambda p: f"{p.code} {p.name} · {numbers.money(p.list_price)}"
        self.fields["uplift"].help_text = gettext_lazy("3 = three times the baseline daily sales.")

    def _post_clean(self) -> None:
        pass  # uniqueness is an update of the SKU's line, and the price rule is the service's


class PhaseForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Phase"), choices=PhaseKind.choices)
    start_date = BusinessDateFormField(label=gettext_lazy("Starts"), input_formats=ISO_DATE, widget=DATE_WIDGET)
    end_date = BusinessDateFormField(label=gettext_lazy("Ends"), input_formats=ISO_DATE, widget=DATE_WIDGET)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=PromotionStatus.choices)


class PresetForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, *args, as_of: date, **kwargs) -> None:
        kwargs.setdefault("initial", {"year": as_of.year + (1 if as_of.month >= 10 else 0)})
        super().__init__(*args, **kwargs)


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy("The columns of the export; every row is checked and nothing is saved unless all are."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(gettext_lazy("Upload a .csv or .xlsx file."))
        from .tabular import MAX_UPLOAD_BYTES

        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext_lazy("The file is larger than 2 MB; split it."))
        return upload
