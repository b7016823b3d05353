import os

import pytest
from django.conf import settings
from django.test import Client
from django.test.testcases import QuietWSGIRequestHandler
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import MembershipFactory, StoreFactory, UserFactory, api_client_with_key

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server (browser, client and fuzz tests) answers a request on a kept-alive connection in two writes,
# headers then body; with Nagle's algorithm on, the body waited for the client's delayed ACK, 40 ms a request.
QuietWSGIRequestHandler.disable_nagle_algorithm = True


def pytest_configure(config: pytest.Config) -> None:
    # Every user a test makes has a password: hashed with production's PBKDF2 (a million rounds, a third of a second
    # or more of CPU each) they took a large part of the run. Passwords are still hashed, checked and changed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; the Chinese catalogue has its own tests."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    """Unit and API tests run tasks in-process; tests of the real worker switch this off.
    Writes do not trigger rollups unless a test asks for it, so tests see the dirty marks."""
    from opsplan.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.ROLLUP_ON_WRITE = False
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _staff_role_catalogue(request):
    """The role catalogue a data migration loads, as a migrated database has it: a transactional test before
    may have flushed it (the flush's post_migrate is skipped when tests roll back by serialisation)."""
    names = set(request.fixturenames)
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
    elif names & {"transactional_db", "live_server"}:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        yield
        return
    from staffing.catalogue import roles_ensure

    roles_ensure()
    yield


@pytest.fixture
def own_store(db):
    return StoreFactory(code="own-store", name="自家店 Own Store", platform="tmall")


@pytest.fixture
def other_store(db):
    return StoreFactory(code="other-store", name="别家店 Other Store", platform="jd")


@pytest.fixture
def member(own_store):
    """member(role) -> a user holding ``role`` in own_store."""

    def make(role: str):
        return MembershipFactory(user=UserFactory(username=f"{role}-user"), store=own_store, role=role).user

    return make


@pytest.fixture
def client():
    """Django's test client, asking for English (Chinese is the default for callers that state no language)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def api():
    # Messages are asserted in English; Chinese is the default for callers that state no language.
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def pusher(own_store):
    """An API client allowed to write to own_store only, and its key."""
    return api_client_with_key("own-pusher", own_store)


@pytest.fixture
def token_api(pusher):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {pusher[1]}")
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
