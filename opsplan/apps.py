"""The project's app configuration, and those that give libraries' apps a translated name in the admin (their own
catalogues lack Chinese)."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes, the login throttle: its models' names are translated in opsplan's catalogue."""

    verbose_name = _("Login protection")


class OpsplanConfig(AppConfig):
    """The project: keeps the beat schedule in step with the stores (opsplan.schedules). Every ``migrate`` makes
    sure all entries exist (production runs migrate on each deploy), and a store in a new time zone gets its nightly
    rollup at 02:00 there."""

    name = "opsplan"
    verbose_name = "opsplan"

    def ready(self) -> None:
        from . import tasks  # noqa: F401 - the tasks across apps, queued by name (in a web process too)
        from .schedules import after_migrate, after_store_saved  # models load once the registry is ready

        post_migrate.connect(after_migrate, dispatch_uid="opsplan.schedules_after_migrate")
        post_save.connect(after_store_saved, sender="stores.Store", dispatch_uid="opsplan.store_schedule")
