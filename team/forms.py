"""Forms of the team pages; the rules (roles one may give, the last ops manager, the link) live in stores.members."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.forms import BootstrapFormMixin


def _role_field(roles: list[str]) -> forms.ChoiceField:
    """The roles one may give, the one with the fewest rights chosen first (never the manager's own by default)."""
    labels = dict(Role.choices)
    initial = Role.VIEWER if Role.VIEWER in roles else roles[-1] if roles else None
    return forms.ChoiceField(label=_("Role"), choices=[(r, labels[r]) for r in roles], initial=initial)


def _person_field(people: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("On the roster as"),
        queryset=people,
        required=False,
        empty_label=_("— not on the roster —"),
        help_text=_("Links the roster person to this login (only if you manage every store they work in)."),
    )


class MemberAddForm(BootstrapFormMixin, forms.Form):
    """An existing user, by their username."""

    username = forms.CharField(label=_("Username"), max_length=150)

    def __init__(self, *args: Any, roles: list[str], people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(roles)
        self.fields["person"] = _person_field(people)


class MemberInviteForm(BootstrapFormMixin, forms.Form):
    """A new user, who sets their password from a one-time link."""

    new_username = forms.CharField(label=_("Username"), max_length=150)
    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=_("If given, the link is also sent there."))

    def __init__(self, *args: Any, roles: list[str], people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(roles)
        self.fields["person"] = _person_field(people)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    confirm = forms.BooleanField(required=False)


class MemberRemoveForm(forms.Form):
    confirm = forms.BooleanField(required=False)


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    """Django's own form: the password validators of the settings, typed twice."""
