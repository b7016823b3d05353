"""A store in a new time zone gets its nightly rollup at 02:00 there."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from stores.models import Store

from .schedules import nightly_schedule_ensure


@receiver(post_save, sender=Store, dispatch_uid="rollups.store_schedule")
def store_saved(sender, instance: Store, **kwargs) -> None:
    nightly_schedule_ensure(instance.time_zone)
