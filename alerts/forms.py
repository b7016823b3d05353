from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    """The optional note that goes with acknowledging or resolving an alert."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )
