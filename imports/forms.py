"""The form of a file upload that becomes an import job."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import BootstrapFormMixin
from core.tabular import UPLOAD_SUFFIXES

from .services import MAX_UPLOAD_BYTES


class UploadForm(BootstrapFormMixin, forms.Form):
    """A CSV or XLSX file of rows to import, checked for type and size before it is stored."""

    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        widget=forms.FileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(_("%(name)s is not a .csv or .xlsx file.") % {"name": upload.name})
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return upload
