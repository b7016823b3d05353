"""Forms of the staffing pages; the rules themselves live in the services, whose messages land on fields."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import numbers
from core.dates import BusinessDateFormField
from core.forms import BootstrapFormMixin
from core.text import bracketed
from promotions.choices import PromotionKind
from stores.models import Membership, Store

from .domain import HOURS
from .models import Person, StaffingPolicy, StaffRole, TimeOff
from .services import SHARED_FIELDS, AssignmentInput

ISO_DATE = ["%Y-%m-%d"]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHARE_FIELD = {"max_digits": 3, "decimal_places": 2, "min_value": Decimal("0.05"), "max_value": Decimal("1")}


class PersonForm(BootstrapFormMixin, forms.ModelForm):
    grant_membership = forms.BooleanField(
        label=_("Give their login the role of their assignment in the team of each store you manage"),
        required=False,
        help_text=_("Only where the login has no role yet; it then sees that store as its role allows."),
    )

    class Meta:
        model = Person
        fields = ["name", "user", "employment_type", "weekly_hours", "start_date", "end_date", "phone", "notes"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, stores: Iterable[Store], shared_editable: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = ISO_DATE
        if not shared_editable:  # the person also serves stores the editor does not manage (services.SHARED_FIELDS)
            for name in SHARED_FIELDS:
                self.fields[name].disabled = True
        members = Membership.objects.filter(store__in=list(stores)).values("user_id")
        linked = Q(pk=self.instance.user_id) if self.instance.user_id else Q(pk__in=[])  # kept as it is
        self.fields["user"].queryset = get_user_model().objects.filter(Q(pk__in=members) | linked).order_by("username")
        self.fields["user"].label_from_instance = lambda u: bracketed(u.get_full_name() or u.username, u.username)
        self.fields["user"].help_text = _("The login of this person, if they use opsplan.")

    def _post_clean(self) -> None:
        pass  # the service validates the person with their assignments, all or nothing

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class AssignmentForm(BootstrapFormMixin, forms.Form):
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())
    role = forms.ModelChoiceField(label=_("Role"), queryset=StaffRole.objects.all())
    share = forms.DecimalField(label=_("Share of their time"), initial=Decimal("1"), **SHARE_FIELD)
    start_date = BusinessDateFormField(label=_("From"), required=False, input_formats=ISO_DATE, widget=DATE_WIDGET)
    end_date = BusinessDateFormField(label=_("Until"), required=False, input_formats=ISO_DATE, widget=DATE_WIDGET)

    def __init__(self, *args: Any, stores: Iterable[Store] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = Store.objects.filter(pk__in=[s.pk for s in stores]).order_by("name")
        for field in self.fields.values():  # shown in a table row without a <label> each
            field.widget.attrs["aria-label"] = field.label

    def value(self) -> AssignmentInput:
        data = self.cleaned_data
        return AssignmentInput(data["store"], data["role"], data["share"], data["start_date"], data["end_date"])


class BaseAssignmentFormSet(forms.BaseFormSet):
    def values(self) -> list[AssignmentInput]:
        # An extra row left empty has no cleaned data; a row of an existing assignment always has.
        return [form.value() for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]


AssignmentFormSet = forms.formset_factory(AssignmentForm, formset=BaseAssignmentFormSet, extra=1, can_delete=True)


class TimeOffForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = TimeOff
        fields = ["kind", "start_date", "end_date", "note"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = ISO_DATE

    def _post_clean(self) -> None:
        pass  # the service refuses overlaps and reversed dates


class NormsForm(BootstrapFormMixin, forms.Form):
    """The store's norm per workload role; empty keeps the catalogue's default."""

    def __init__(self, *args: Any, roles: list[StaffRole], own: dict[str, Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in roles:
            if role.default_norm is None:
                continue
            self.fields[f"norm_{role.code}"] = forms.DecimalField(
                label=f"{role.name} · {role.get_norm_unit_display()}",
                required=False,
                min_value=Decimal("0.01"),
                max_digits=10,
                decimal_places=2,
                initial=own.get(role.code),
                help_text=_("Default: %(norm)s") % {"norm": numbers.grouped(role.default_norm, 2)},
                widget=forms.NumberInput(
                    attrs={"placeholder": role.default_norm, "step": "0.01", "class": "form-control"}
                ),
            )

    def values(self) -> dict[str, Decimal | None]:
        return {name.removeprefix("norm_"): value for name, value in self.cleaned_data.items()}


class PolicyForm(BootstrapFormMixin, forms.ModelForm):
    profile = forms.CharField(
        label=_("Orders per hour (‰ of the day, 0–23 h)"),
        help_text=_("24 numbers separated by commas, from 0:00 to 23:00; they are weights, any total works."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = StaffingPolicy
        fields = ["service_start", "service_end", "workday_hours", "max_days_in_row", "default_promotion_multiplier"]
        widgets = {
            "service_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "service_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        policy = self.instance
        self.fields["profile"].initial = ", ".join(str(v) for v in policy.hourly_profile)
        multipliers = policy.promotion_multipliers or {}
        for kind, label in PromotionKind.choices:
            self.fields[f"multiplier_{kind}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=Decimal("1"),
                max_value=Decimal("100"),
                max_digits=5,
                decimal_places=2,
                initial=multipliers.get(kind),
                widget=forms.NumberInput(
                    attrs={"step": "0.1", "placeholder": policy.default_promotion_multiplier, "class": "form-control"}
                ),
            )

    def policy_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("multiplier_")]

    def multiplier_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("multiplier_")]

    def clean_profile(self) -> list[int | float]:
        parts = [part.strip() for part in self.cleaned_data["profile"].replace("，", ",").split(",") if part.strip()]
        try:
            numbers = [float(part) for part in parts]
        except ValueError:
            raise forms.ValidationError(_("Give 24 numbers of zero or more, one per hour from 0:00.")) from None
        if len(numbers) != HOURS or any(n < 0 for n in numbers):
            raise forms.ValidationError(_("Give 24 numbers of zero or more, one per hour from 0:00."))
        return [int(n) if n.is_integer() else n for n in numbers]

    def _post_clean(self) -> None:
        pass  # the service saves and validates

    def values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["hourly_profile"] = self.cleaned_data["profile"]
        data["promotion_multipliers"] = {
            name.removeprefix("multiplier_"): str(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("multiplier_") and value is not None
        }
        return data


class PlannedGridForm(BootstrapFormMixin, forms.Form):
    """Planned headcount per month (rows) and role (columns); an empty cell has no plan."""

    def __init__(
        self, *args: Any, months: list[date], roles: list[StaffRole], planned: dict[tuple[date, str], Decimal], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.months, self.roles = months, roles
        for month in months:
            for role in roles:
                self.fields[self.key(month, role.code)] = forms.DecimalField(
                    label=f"{month:%Y-%m} {role.name}",
                    required=False,
                    min_value=Decimal("0"),
                    max_value=Decimal("9999"),
                    max_digits=6,
                    decimal_places=2,
                    initial=planned.get((month, role.code)),
                    widget=forms.NumberInput(attrs={"step": "0.5", "class": "form-control form-control-sm text-end"}),
                )
        for field in self.fields.values():  # cells of a grid: the label names the month and the role
            field.widget.attrs["aria-label"] = field.label

    @staticmethod
    def key(month: date, code: str) -> str:
        return f"m{month:%Y%m}_{code}"

    def rows(self) -> list[tuple[date, list[forms.BoundField]]]:
        return [(month, [self[self.key(month, role.code)] for role in self.roles]) for month in self.months]

    def values(self) -> dict[date, dict[str, Decimal | None]]:
        return {
            month: {role.code: self.cleaned_data.get(self.key(month, role.code)) for role in self.roles}
            for month in self.months
        }
