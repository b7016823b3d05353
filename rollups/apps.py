from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupsConfig(AppConfig):
    name = "rollups"
    verbose_name = _("Rollups")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the schedule of new time zones
