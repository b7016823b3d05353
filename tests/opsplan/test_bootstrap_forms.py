"""Every field of a form using BootstrapFormMixin is styled, including one the form adds after its __init__."""

from __future__ import annotations

from django import forms

from core.forms import BootstrapFormMixin


class _Form(BootstrapFormMixin, forms.Form):
    name = forms.CharField()
    agree = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])


def test_fields_added_after_the_mixin_are_styled_when_rendered():
    html = {name: str(_Form()[name]) for name in ("name", "agree", "role")}
    assert 'class="form-control"' in html["name"]
    assert 'class="form-check-input"' in html["agree"]
    assert 'class="form-select"' in html["role"]


def test_a_widget_is_styled_once_however_often_it_is_rendered():
    form = _Form()
    for _ in range(3):
        str(form["role"])
    assert form.fields["role"].widget.attrs["class"] == "form-select"
