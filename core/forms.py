"""Form helpers shared by every app."""

from django import forms

from .errors import ServiceInvalid


def _bootstrap(widget: forms.Widget) -> None:
    """Gives ``widget`` the Bootstrap class of its kind, once."""
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])


class BootstrapFormMixin:
    """Gives every widget the Bootstrap class it needs, and marks invalid fields once validated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _bootstrap(field.widget)

    def __getitem__(self, name):
        # A field a form adds after this __init__ (choices known only per request) is styled when it is rendered.
        _bootstrap(self.fields[name].widget)
        return super().__getitem__(name)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def service_errors_apply(form: forms.BaseForm, exc: ServiceInvalid, rename: dict[str, str] | None = None) -> None:
    """Put a service's refusal next to the fields it names (the rest above the form); ``rename`` maps a service's
    field name to the form's where they differ."""
    for name, messages in exc.errors.items():
        field = (rename or {}).get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
