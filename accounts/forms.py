from django.contrib.auth import forms as auth_forms

from core.forms import BootstrapFormMixin


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    pass
