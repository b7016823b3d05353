from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin

from .models import Store


class StoreForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Store
        fields = ["code", "name", "platform", "time_zone", "launch_date", "status", "source_policy", "notes"]
        widgets = {
            "launch_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        # A taken code is refused like any unavailable one, never saying that (or whose) store has it.
        error_messages = {"code": {"unique": _("This code is not available; choose another.")}}


class StoreUpdateForm(StoreForm):
    class Meta(StoreForm.Meta):
        # The code is what clients push with; renaming it would orphan their pushes.
        fields = [f for f in StoreForm.Meta.fields if f != "code"]
