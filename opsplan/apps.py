"""App configurations that give libraries' apps a translated name in the admin (their own catalogues lack Chinese)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes, the login throttle: its models' names are translated in opsplan's catalogue."""

    verbose_name = _("Login protection")
