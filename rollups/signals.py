"""The beat schedule follows the stores: a new time zone gets its nightly rollup at 02:00 there, and
every `migrate` makes sure all entries exist (production runs migrate on each deploy)."""

from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from stores.models import Store

from .schedules import nightly_schedule_ensure, schedules_ensure


@receiver(post_save, sender=Store, dispatch_uid="rollups.store_schedule")
def store_saved(sender, instance: Store, **kwargs) -> None:
    nightly_schedule_ensure(instance.time_zone)


@receiver(post_migrate, dispatch_uid="rollups.schedules_after_migrate")
def migrated(sender, app_config=None, **kwargs) -> None:
    if app_config is not None and app_config.name == "rollups":
        schedules_ensure()
