"""App configurations that give libraries' apps a translated name in the admin (their own catalogues lack Chinese)."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes, the login throttle: its models' names are translated in opsplan's catalogue."""

    verbose_name = _("Login protection")


class OpsplanConfig(AppConfig):
    """The core layer: registers its system checks (the business date range)."""

    name = "opsplan"
    verbose_name = "opsplan"

    def ready(self) -> None:
        from . import dates  # noqa: F401 - registers the checks
