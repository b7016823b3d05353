"""The beat schedule kept in the database: 02:00 in each store time zone, and the alerts digest."""

import json

import pytest
from django.db.models.signals import post_migrate
from django_celery_beat.models import PeriodicTask

from opsplan.schedules import schedules_ensure
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


def test_each_store_time_zone_gets_a_nightly_rollup_at_two_there():
    PeriodicTask.objects.all().delete()
    StoreFactory(code="sh")  # Asia/Shanghai
    StoreFactory(code="hk", time_zone="Asia/Hong_Kong")
    nightly = PeriodicTask.objects.filter(task="opsplan.tasks.nightly")
    assert sorted(json.loads(t.kwargs)["time_zone"] for t in nightly) == ["Asia/Hong_Kong", "Asia/Shanghai"]
    assert {(t.crontab.hour, t.crontab.minute, str(t.crontab.timezone)) for t in nightly} == {
        ("2", "0", "Asia/Hong_Kong"),
        ("2", "0", "Asia/Shanghai"),
    }


def test_ensuring_again_keeps_what_an_operator_changed():
    StoreFactory(code="sh")
    schedules_ensure()
    PeriodicTask.objects.filter(task="opsplan.tasks.nightly").update(enabled=False)
    before = PeriodicTask.objects.count()
    schedules_ensure()
    assert PeriodicTask.objects.count() == before
    assert not PeriodicTask.objects.get(task="opsplan.tasks.nightly").enabled


def test_migrate_creates_the_digest_and_the_nightly_entries():
    from django.apps import apps

    StoreFactory(code="sh")
    PeriodicTask.objects.all().delete()
    post_migrate.send(sender=apps.get_app_config("opsplan"), app_config=apps.get_app_config("opsplan"))
    assert set(PeriodicTask.objects.values_list("task", flat=True)) == {
        "opsplan.tasks.nightly",
        "alerts.tasks.alerts_digest",
        "briefings.tasks.briefings_send_due",
        "orders.tasks.import_previews_expire_task",
    }
