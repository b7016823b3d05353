"""The Celery app, configured from Django settings (``CELERY_*``), and the worker's consumer (``worker_consumer``)."""

import logging
import os

from celery import Celery
from celery.worker.consumer import Consumer as CeleryConsumer
from celery.worker.state import active_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsplan.settings")

logger = logging.getLogger(__name__)

app = Celery("opsplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class Consumer(CeleryConsumer):
    """Celery's consumer, which survives Redis going away while the worker holds messages it has not acknowledged.

    The worker holds a task's message unacknowledged while the task runs (``task_acks_late``) and while a countdown
    task waits for its time (the debounced rollup, for up to ``ROLLUP_DEBOUNCE_SECONDS``). When the broker
    connection drops, Celery 5.7 collects the connection, which detaches its transport, then closes it; closing the
    Redis channel puts the held messages back on the queue, needs the detached transport's address to connect,
    raises ``AttributeError`` (not a connection error) and the worker exits with "Unrecoverable error". An idle
    worker holds nothing and survives, so it happens only while something is pending. A task running at that moment
    would do the same when it finishes, acknowledging its message on the closed channel.

    Here the messages are put back before Celery collects the connection, while the transport is attached. With
    Redis down that fails (and the close no longer tries again): the messages stay in the broker's unacked set,
    where Redis keeps them across a restart, and they are put back as soon as the worker has reconnected, rather
    than after the visibility timeout (an hour). The worker then receives them again, with their original ETA; a
    task that was running is delivered again, as late acknowledgement has it, and its first run acknowledges nothing.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_delivery_tags: list[str] = []

    def on_connection_error_after_connected(self, exc):
        if broker_qos(self.connection) is not None:
            self.held_delivery_tags.extend(qos_put_back_held(self.connection))
            for request in tuple(active_requests):
                # Its message is back on the queue (or will be once reconnected) and the channel it came on is
                # closed below: acknowledging it there when it finishes would raise AttributeError the same way.
                request.acknowledged = True
        super().on_connection_error_after_connected(exc)

    def connect(self):
        connection = super().connect()
        if self.held_delivery_tags:
            self.held_delivery_tags = qos_put_back_by_tag(connection, self.held_delivery_tags)
        return connection


def broker_qos(connection):
    """The Redis QoS of the channel the worker consumes from, or None (not Redis, or no channel yet)."""
    channel = getattr(connection, "_default_channel", None) if connection is not None else None
    qos = getattr(channel, "_qos", None)
    return qos if hasattr(qos, "restore_by_tag") else None


def qos_put_back_held(connection) -> list[str]:
    """Put the messages held unacknowledged on ``connection`` back on their queues; the tags not put back."""
    qos = broker_qos(connection)
    if qos is None:
        return []
    qos._flush()  # forget the messages acknowledged since
    held = list(qos._delivered)
    if not held:
        return []
    try:
        qos.restore_unacked_once()  # marks them restored: closing the channel will not try again
    except Exception:  # noqa: BLE001 - the broker is away: they wait in its unacked set for the reconnection
        qos._delivered.clear()  # handed over to the reconnection (the channel expects none left once restored)
        logger.warning("broker unreachable: %d held message(s) will be put back once reconnected", len(held))
        return held
    return []


def qos_put_back_by_tag(connection, tags: list[str]) -> list[str]:
    """Put the messages with these delivery tags back from the broker's unacked set; the tags not put back.

    A tag no longer in the set (acknowledged, or put back by the visibility timeout) is a no-op.
    """
    qos = broker_qos(connection) or getattr(connection.default_channel, "qos", None)
    if not hasattr(qos, "restore_by_tag"):
        return []
    for done, tag in enumerate(tags):
        try:
            qos.restore_by_tag(tag)
        except Exception:  # noqa: BLE001 - gone again: try at the next connection, the visibility timeout after that
            logger.warning("could not put back %d held message(s); will retry", len(tags) - done, exc_info=True)
            return tags[done:]
    logger.info("put back %d message(s) held when the broker connection was lost", len(tags))
    return []
