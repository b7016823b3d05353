import os
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.test import Client
from django.test.testcases import QuietWSGIRequestHandler
from django.utils import translation
from pytest_django.fixtures import validate_django_db
from rest_framework.test import APIClient

from tests.factories import MembershipFactory, StoreFactory, UserFactory, api_client_with_key

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server (browser, client and fuzz tests) answers a request on a kept-alive connection in two writes,
# headers then body; with Nagle's algorithm on, the body waited for the client's delayed ACK, 40 ms a request.
QuietWSGIRequestHandler.disable_nagle_algorithm = True

# Tests that must not run beside others: the load test measures, and the fault tests restart a PostgreSQL of their
# own under gunicorn or cut opsplan off Redis. A parallel run (-n) leaves them out; ``--alone=only`` runs just them,
# one at a time (``make test`` does so after its parallel run).
ALONE = ("faults", "load")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--alone",
        choices=("skip", "only"),
        help=f"skip the tests that must run alone (marked {' or '.join(ALONE)}), or run only them; a parallel run "
        "(-n) always skips them",
    )


def _parallel(config: pytest.Config) -> bool:
    """Whether this run is split over pytest-xdist workers (in the controller and in each worker)."""
    return bool(os.environ.get("PYTEST_XDIST_WORKER") or getattr(config.option, "numprocesses", None))


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("alone") == "only" and _parallel(config):
        raise pytest.UsageError(f"--alone=only runs the tests marked {' or '.join(ALONE)} one at a time: add -n0")
    # Every user a test makes has a password: hashed with production's PBKDF2 (a million rounds, a third of a second
    # or more of CPU each) they took a large part of the run. Passwords are still hashed, checked and changed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        _redis_of_worker(worker)


def _redis_of_worker(worker: str) -> None:
    """Each pytest-xdist worker has its own test database (pytest-django names it after the worker: …_gw0, …_gw1)
    and here its own Redis database as well: REDIS_URL's number plus the worker's. The broker, the task results,
    the cache (rate limits, which tests clear) and the processes a test starts (a Celery worker) all use it, so
    no worker purges, clears or consumes another's. Called before anything has connected to Redis."""
    if not settings.REDIS_URL:
        return
    parts = urlsplit(settings.REDIS_URL)
    number = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    url = urlunsplit(parts._replace(path=f"/{number}"))
    try:
        redis.Redis.from_url(url).ping()
    except redis.ResponseError as exc:  # the server has fewer databases
        raise pytest.UsageError(f"{url} for worker {worker}: {exc}; set REDIS_URL to a lower database") from exc
    except redis.ConnectionError:
        pass  # the tests that need Redis say so
    os.environ["REDIS_URL"] = url
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = url
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": url}}


def pytest_report_header(config: pytest.Config) -> str | None:
    if _parallel(config) and config.getoption("alone") != "only":
        return f"left out of this parallel run: the tests marked {' or '.join(ALONE)} (--alone=only -n0 runs them)"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Iterator[None]:
    alone = config.getoption("alone")
    if alone is not None or _parallel(config):
        keep = alone == "only"
        selected, deselected = [], []
        for item in items:
            (selected if _must_run_alone(item) == keep else deselected).append(item)
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = selected
    if _parallel(config):
        _group_by_module_fixture(items)  # before pytest-xdist reads the groups
    yield  # pytest-django puts the tests that commit after the others
    if _parallel(config):
        _long_first(items)


def _must_run_alone(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(marker) for marker in ALONE)


def _group_by_module_fixture(items: list[pytest.Item]) -> None:
    """A module whose tests share a module-scoped fixture (a world built once in the database, a schema) runs in one
    worker of a parallel run (``--dist loadgroup``), which builds it once; other tests go one by one to whichever
    worker is free."""
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        definitions = (d for defs in fixtures.name2fixturedefs.values() for d in defs) if fixtures else ()
        # A plugin's fixtures have no baseid (pytest-django has a class-scoped one in every test).
        if any(d.scope in ("module", "class") and d.baseid for d in definitions):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


# The longest tests: a live server with a browser, a real worker process or a schemathesis run minutes long.
LONG = ("fuzz", "browser", "worker")


def _long_first(items: list[pytest.Item]) -> None:
    """Start the longest tests first, so that the workers of a parallel run finish together rather than one of them
    running the last long test alone. Only among the tests that commit: pytest-django runs those after the others,
    whose database they leave flushed, and the order of the kinds stays as it made it."""
    keys, stretch, previous = {}, 0, None
    for item in items:
        commits = _commits(item)
        stretch += commits != previous
        previous = commits
        keys[item] = (stretch, not (commits and any(item.get_closest_marker(marker) for marker in LONG)))
    items.sort(key=keys.__getitem__)


def _commits(item: pytest.Item) -> bool:
    """Whether the test commits to the database (a transactional test), as pytest-django tells."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and any(validate_django_db(marker)[:2]):  # transaction, reset_sequences
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


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


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Empty the test database before a test that restores it from its serialised copy (``serialized_rollback``),
    before pytest-django's own setup does the restore. The restore inserts the rows as they were after the
    migrations, ids included; a transactional test before may have flushed the database and had ``post_migrate``
    make its content types and permissions again under new ids, which the restore would collide with. Whatever ran
    before (in whatever order a parallel run deals the tests), the restore starts from an empty database."""
    marker = item.get_closest_marker("django_db")
    if marker is None or not validate_django_db(marker)[3]:  # (transaction, reset, databases, serialized, apps)
        return
    setup = item.session._fixturemanager.getfixturedefs("django_db_setup", item)[-1]  # noqa: SLF001
    if setup.cached_result is None:
        return  # the first database test of the run: the test database was just made, nothing has touched it
    from django.core.management import call_command

    request = item._request  # noqa: SLF001 - the test's fixture request, before its fixtures are set up
    request.getfixturevalue("django_db_setup")  # the test database, never the configured one
    with request.getfixturevalue("django_db_blocker").unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)


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
