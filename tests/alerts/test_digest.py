"""The daily e-mail: one message per ops manager, listing their stores' new open alerts, sent once."""

import json

import pytest
from django_celery_beat.models import PeriodicTask

from alerts.choices import AlertKind, AlertState, EventKind
from alerts.models import Alert, AlertEvent
from alerts.tasks import alerts_digest
from opsplan.schedules import DIGEST_NAME, schedules_ensure
from tests.factories import MembershipFactory, UserFactory

from .conftest import make_alert

pytestmark = pytest.mark.django_db


def manage(user, store, role="ops_manager"):
    MembershipFactory(user=user, store=store, role=role)
    return user


def mails_to(mailoutbox) -> dict[str, object]:
    return {m.to[0]: m for m in mailoutbox}


def test_each_manager_gets_one_email_listing_the_open_alerts_of_their_stores(own_store, other_store, mailoutbox):
    manage(UserFactory(username="own-mgr", email="own@example.com"), own_store)
    manage(UserFactory(username="other-mgr", email="other@example.com"), other_store)
    both = UserFactory(username="both-mgr", email="both@example.com")
    manage(both, own_store), manage(both, other_store)
    ours = [make_alert(own_store, "2026-03-14", title="Late at home"), make_alert(own_store, "2026-03-15")]
    theirs = make_alert(other_store, "2026-03-15", title="Late elsewhere")

    assert alerts_digest.delay().get() == {"emails": 3, "alerts": 3}

    mails = mails_to(mailoutbox)
    assert sorted(mails) == ["both@example.com", "other@example.com", "own@example.com"]
    own_mail = mails["own@example.com"]
    assert "2 new alerts" in own_mail.subject
    assert "Late at home" in own_mail.body and own_store.name in own_mail.body
    assert "Late elsewhere" not in own_mail.body and other_store.name not in own_mail.body
    assert ours[0].get_absolute_url() in own_mail.body
    assert "1 new alert" in mails["other@example.com"].subject
    assert "Late elsewhere" in mails["other@example.com"].body
    assert "Late at home" in mails["both@example.com"].body and "Late elsewhere" in mails["both@example.com"].body
    assert "3 new alerts" in mails["both@example.com"].subject
    theirs.refresh_from_db()
    assert theirs.emailed_at is not None
    assert AlertEvent.objects.get(alert=theirs, event=EventKind.EMAILED).note == "both-mgr, other-mgr"


def test_alerts_are_not_sent_again_the_next_day_only_new_ones(own_store, mailoutbox):
    manage(UserFactory(username="own-mgr", email="own@example.com"), own_store)
    make_alert(own_store, "2026-03-14", title="Yesterday's alert")
    alerts_digest.delay()
    assert len(mailoutbox) == 1

    alerts_digest.delay()  # the next morning, nothing new
    assert len(mailoutbox) == 1

    make_alert(own_store, "2026-03-15", title="Today's alert")
    alerts_digest.delay()
    assert len(mailoutbox) == 2
    assert "Today's alert" in mailoutbox[1].body and "Yesterday's alert" not in mailoutbox[1].body
    assert AlertEvent.objects.filter(event=EventKind.EMAILED).count() == 2


def test_only_ops_managers_with_an_address_are_emailed(own_store, mailoutbox):
    manage(UserFactory(username="clerk", email="clerk@example.com"), own_store, role="customer_service")
    manage(UserFactory(username="no-address", email=""), own_store)
    gone = manage(UserFactory(username="left", email="left@example.com"), own_store)
    gone.is_active = False
    gone.save()
    alert = make_alert(own_store)

    assert alerts_digest.delay().get() == {"emails": 0, "alerts": 0}
    assert mailoutbox == []
    alert.refresh_from_db()
    assert alert.emailed_at is None  # kept for when the store has a manager to tell


def test_acknowledged_and_resolved_alerts_are_not_emailed(own_store, mailoutbox):
    manage(UserFactory(username="own-mgr", email="own@example.com"), own_store)
    make_alert(own_store, "a", state=AlertState.ACKNOWLEDGED, title="Someone is on it")
    make_alert(own_store, "b", state=AlertState.RESOLVED, title="Over")
    make_alert(own_store, "c", kind=AlertKind.BEHIND_PLAN, title="Needs you")
    alerts_digest.delay()
    [mail] = mailoutbox
    assert "Needs you" in mail.body
    assert "Someone is on it" not in mail.body and "Over" not in mail.body
    assert Alert.objects.filter(emailed_at__isnull=False).count() == 1


def test_the_digest_is_scheduled_daily_at_eight_in_shanghai_once():
    [task] = [task for task in schedules_ensure() if task.name == DIGEST_NAME]
    assert task.task == "alerts.tasks.alerts_digest"
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("8", "0", "Asia/Shanghai")
    task.enabled = False  # an operator's change is kept
    task.save()
    [again] = [task for task in schedules_ensure() if task.name == DIGEST_NAME]
    assert again.pk == task.pk and not again.enabled
    assert PeriodicTask.objects.filter(name="alerts digest").count() == 1
    assert json.loads(task.kwargs or "{}") == {}
