import pytest
from aiosmtpd.controller import Controller

from .receivers import Mailbox, _Handler, free_port, start_receiver


@pytest.fixture
def receiver(settings):
    """A webhook receiver on 127.0.0.1, which opsplan may post to for the length of the test."""
    settings.BRIEFING_WEBHOOK_ALLOW_LOOPBACK = True
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def mailbox(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that opsplan's SMTP back end delivers to."""
    box = Mailbox(port=free_port())
    controller = Controller(_Handler(box), hostname="127.0.0.1", port=box.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", box.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield box
    controller.stop()
