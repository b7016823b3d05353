from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = _("Staffing")

    def ready(self) -> None:
        from .catalogue import roles_ensure

        post_migrate.connect(roles_ensure, sender=self, dispatch_uid="staffing_roles_ensure")
