"""Forms of a platform export's import: the upload (file and store), and the platform and column mapping chosen on
the preview."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import BootstrapFormMixin
from funnel.exports import FIELDS
from funnel.services.exports import EXPORT_PLATFORMS, MAX_EXPORT_BYTES, field_choices
from stores.choices import Platform
from stores.models import Store

EXPORT_SUFFIXES = (".xlsx", ".xls", ".csv")


class ExportUploadForm(BootstrapFormMixin, forms.Form):
    """A platform's daily report (.xlsx, .xls or .csv) and the store it is for (one the user imports for)."""

    store = forms.CharField(label=gettext_lazy("Store"), widget=forms.Select)
    file = forms.FileField(
        label=gettext_lazy("Export file (.xlsx, .xls or .csv)"),
        widget=forms.FileInput(attrs={"accept": ",".join(EXPORT_SUFFIXES)}),
    )

    def __init__(self, *args, stores: Sequence[Store], **kwargs) -> None:
        self.stores = {store.code: store for store in stores}
        super().__init__(*args, **kwargs)
        self.fields["store"].widget.choices = [(store.code, store.name) for store in stores]

    def clean_store(self) -> Store:
        store = self.stores.get(self.cleaned_data["store"])
        if store is None:
            raise forms.ValidationError(_("Pick one of the stores you import for."))
        return store

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in EXPORT_SUFFIXES:
            raise forms.ValidationError(_("%(name)s is not an .xlsx, .xls or .csv file.") % {"name": upload.name})
        if upload.size > MAX_EXPORT_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Export fewer days at a time.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_EXPORT_BYTES)}
            )
        return upload


class ExportMappingForm(BootstrapFormMixin, forms.Form):
    """The platform of a file and, for each of its columns, the field it holds (or none)."""

    platform = forms.ChoiceField(label=gettext_lazy("Platform"), required=True)

    def __init__(self, *args, headers: Sequence[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.headers = list(headers)
        self.fields["platform"].choices = [("", "—"), *((p, Platform(p).label) for p in EXPORT_PLATFORMS)]
        for index, header in enumerate(self.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(label=header, required=False, choices=field_choices())

    @classmethod
    def initial_for(cls, platform: str | None, mapping: Mapping[str, str], headers: Sequence[str]) -> dict:
        return {"platform": platform or "", **{f"column_{i}": mapping.get(h, "") for i, h in enumerate(headers)}}

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{index}"] for index in range(len(self.headers))]

    def clean(self) -> dict:
        cleaned = super().clean()
        chosen = [cleaned.get(f"column_{i}") for i in range(len(self.headers))]
        for key in {c for c in chosen if c and chosen.count(c) > 1 and not FIELDS[c].summed}:
            raise forms.ValidationError(
                _("Several columns are mapped to %(field)s: map one of them.") % {"field": FIELDS[key].label}
            )
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data[f"column_{index}"]
            for index, header in enumerate(self.headers)
            if self.cleaned_data.get(f"column_{index}")
        }
