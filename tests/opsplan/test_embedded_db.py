"""The embedded PostgreSQL of ``make run`` (opsplan/embedded_db.py), in a directory of its own."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import environ
import psycopg2
import pytest

from opsplan import embedded_db


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    # Not pytest's tmp_path: under root the server runs as another user, who must be able to reach the directory.
    base = Path(tempfile.mkdtemp(prefix="opsplan-embedded-"))
    base.chmod(0o755)
    data_dir = base / "pg data"  # a space, for the quoting of the socket directory
    try:
        query(embedded_db.start(data_dir), "CREATE TABLE kept (n integer); INSERT INTO kept VALUES (7)")
        yield data_dir
    finally:
        embedded_db.stop(data_dir)
        shutil.rmtree(base)


def connect(url: str):
    """A connection to what ``url`` names, read the way the settings read DATABASE_URL."""
    config = environ.Env.db_url_config(url)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    return psycopg2.connect(dbname=config["NAME"], user=config["USER"], **config["OPTIONS"])


def query(url: str, sql: str) -> list[tuple]:
    connection = connect(url)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().split()[0])


def test_it_serves_the_same_data_across_restarts(data_dir):
    url = embedded_db.start(data_dir)  # already running: reused
    assert url == embedded_db.database_url(data_dir)
    assert query(url, "SELECT n FROM kept") == [(7,)]
    assert embedded_db.stop(data_dir) is True
    assert embedded_db.stop(data_dir) is False
    embedded_db.start(data_dir)
    assert query(url, "SELECT n FROM kept") == [(7,)]
    assert not data_dir.with_name(f"{data_dir.name}.new").exists()


def test_it_listens_on_its_socket_only(data_dir):
    url = embedded_db.start(data_dir)
    assert query(url, "SELECT current_setting('listen_addresses')") == [("",)]
    assert (data_dir / f".s.PGSQL.{embedded_db.PORT}").is_socket()


def test_it_starts_again_after_the_server_was_killed(data_dir):
    url = embedded_db.start(data_dir)
    os.kill(postmaster_pid(data_dir), signal.SIGKILL)
    embedded_db.start(data_dir)
    assert query(url, "SELECT n FROM kept") == [(7,)]


def test_it_starts_when_its_lock_file_names_another_live_program(data_dir):
    """After a reboot the process id in a stale postmaster.pid may belong to anything: here, this test."""
    url = embedded_db.start(data_dir)
    embedded_db.stop(data_dir)
    lock = data_dir / "postmaster.pid"
    lock.write_text(f"{os.getpid()}\n{data_dir}\n{int(time.time())}\n{embedded_db.PORT}\n")
    embedded_db.start(data_dir)
    assert postmaster_pid(data_dir) != os.getpid()
    assert query(url, "SELECT n FROM kept") == [(7,)]


def test_it_refuses_a_socket_path_longer_than_unix_allows(tmp_path):
    deep = tmp_path / ("d" * 120)
    with pytest.raises(embedded_db.EmbeddedDatabaseError, match="shorter path"):
        embedded_db.start(deep)
    assert not deep.exists()


def test_start_leaves_it_alone_when_database_url_names_another_database(settings, monkeypatch, capsys):
    settings.EMBEDDED_DATABASE = False  # as the settings conclude when DATABASE_URL is set, as here
    monkeypatch.setattr(embedded_db, "start", lambda *args: pytest.fail("started"))
    assert embedded_db.main(["start"]) == 0
    assert "DATABASE_URL is set" in capsys.readouterr().out
