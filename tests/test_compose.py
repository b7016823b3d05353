"""The production deployment (Dockerfile, docker-compose.yml, .env.example) names only things the project has.

No Docker engine is needed: the files are parsed, ${VARS} are filled from .env.example the way compose does,
and every command they run is parsed with the program's own argument parser (gunicorn, celery, manage.py)
and its targets imported.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from celery.beat import Scheduler
from celery.bin.celery import celery as celery_cli
from celery.utils.imports import symbol_by_name
from django.core.management import get_commands, load_command_class
from django.test import Client
from django.urls import resolve
from gunicorn.config import Config as GunicornConfig
from gunicorn.util import import_app

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
SETTINGS_FILE = ROOT / "opsplan" / "settings.py"
PRODUCTION_DOC = ROOT / "README.md"
APP_SERVICES = ("migrate", "web", "api", "worker", "beat")
NAME = r"[A-Za-z_][A-Za-z0-9_]*"


# --- .env.example --------------------------------------------------------------------------------------


def env_example() -> tuple[dict[str, str], set[str]]:
    """(the variables it sets, every variable it documents, set or commented out as ``# NAME=value``)."""
    active: dict[str, str] = {}
    documented: set[str] = set()
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(rf"^(#\s*)?({NAME})=(.*)$", line.strip())
        if not match:
            continue
        commented, name, value = match.groups()
        documented.add(name)
        if not commented:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            active[name] = value
    return active, documented


# --- Compose interpolation -------------------------------------------------------------------------------


class MissingRequiredVariable(Exception):
    pass


def interpolate(text: str, env: dict[str, str], seen: set[str]) -> str:
    """Compose's ``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR:?error}``, ``${VAR:+alt}`` (nestable), ``$$``.

    Every variable named, even in a default that is not used, is added to ``seen``.
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != "$":
            out.append(char)
            i += 1
            continue
        following = text[i + 1 : i + 2]
        if following == "$":
            out.append("$")
            i += 2
            continue
        if following == "{":
            depth, j = 0, i + 1
            while j < len(text):
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            else:
                raise ValueError(f"unclosed ${{ in {text!r}")
            match = re.fullmatch(rf"({NAME})(?:(:?[-?+])(.*))?", text[i + 2 : j], re.DOTALL)
            if not match:
                raise ValueError(f"invalid interpolation {text[i : j + 1]!r}")
            name, operator, argument = match.groups()
            seen.add(name)
            value = env.get(name)
            unset = value is None or (operator is not None and operator.startswith(":") and value == "")
            if operator in (":-", "-"):
                default = interpolate(argument, env, seen)
                out.append(default if unset else value)
            elif operator in (":?", "?"):
                if unset:
                    raise MissingRequiredVariable(f"{name}: {argument}")
                out.append(value)
            elif operator in (":+", "+"):
                alternative = interpolate(argument, env, seen)
                out.append("" if unset else alternative)
            else:
                out.append(value or "")
            i = j + 1
            continue
        match = re.match(NAME, text[i + 1 :])
        if match:
            seen.add(match.group())
            out.append(env.get(match.group(), ""))
            i += 1 + match.end()
        else:
            out.append("$")
            i += 1
    return "".join(out)


def resolve_values(node, env: dict[str, str], seen: set[str]):
    """Interpolate every string value (not keys, as compose does) of a loaded compose file."""
    if isinstance(node, dict):
        return {key: resolve_values(value, env, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve_values(item, env, seen) for item in node]
    if isinstance(node, str):
        return interpolate(node, env, seen)
    return node


def raw_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def compose() -> dict:
    """docker-compose.yml as compose sees it with a .env copied from .env.example."""
    return resolve_values(raw_compose(), env_example()[0], set())


def services() -> dict[str, dict]:
    return compose()["services"]


# --- Dockerfile ------------------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comment lines dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        pending += " " + stripped
        if pending.endswith("\\"):
            pending = pending[:-1]
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def dockerfile_command() -> list[str]:
    commands = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "CMD"]
    assert commands, "the Dockerfile has no CMD"
    arguments = commands[-1]
    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


# --- Commands -------------------------------------------------------------------------------------------


def shell_commands(script: str) -> list[list[str]]:
    """The simple commands of a shell line, without leading ``NAME=value`` assignments."""
    commands: list[list[str]] = []
    for part in re.split(r"&&|\|\||;", script):
        words = shlex.split(part)
        while words and re.fullmatch(rf"{NAME}=.*", words[0]):
            words.pop(0)
        if words:
            commands.append(words)
    return commands


def effective_command(service: dict) -> list[str]:
    command = service.get("command")
    if command is None:
        return dockerfile_command()
    return shlex.split(command) if isinstance(command, str) else list(command)


def healthcheck_commands(service: dict) -> list[list[str]]:
    test = service.get("healthcheck", {}).get("test")
    if not test or test == ["NONE"]:
        return []
    if isinstance(test, str):
        return shell_commands(test)
    if test[0] == "CMD":
        return [list(test[1:])]
    if test[0] == "CMD-SHELL":
        return shell_commands(test[1])
    raise AssertionError(f"unknown healthcheck form {test!r}")


def all_commands() -> list[tuple[str, list[str]]]:
    """(where, argv) of every command the deployment runs: services, health checks, Dockerfile RUN and CMD."""
    found: list[tuple[str, list[str]]] = []
    for name, service in services().items():
        if "build" in service or "command" in service:
            found.append((f"{name} command", effective_command(service)))
        found += [(f"{name} healthcheck", argv) for argv in healthcheck_commands(service)]
    for keyword, arguments in dockerfile_instructions():
        if keyword == "RUN":
            found += [("Dockerfile RUN", argv) for argv in shell_commands(arguments)]
    found.append(("Dockerfile CMD", dockerfile_command()))
    return found


def commands_of(program: str) -> list[tuple[str, list[str]]]:
    """The commands that run ``program``: gunicorn, celery or manage.py (arguments after the program)."""
    selected = []
    for where, argv in all_commands():
        if program == "manage.py":
            if len(argv) >= 2 and Path(argv[0]).name.startswith("python") and argv[1] == "manage.py":
                selected.append((where, argv[2:]))
        elif argv and Path(argv[0]).name == program:
            selected.append((where, argv[1:]))
    return selected


def parse_gunicorn(arguments: list[str]):
    try:
        return GunicornConfig().parser().parse_args(arguments)
    except SystemExit as exc:  # argparse exits on an unknown option
        raise AssertionError(f"gunicorn rejects {arguments!r}") from exc


def parse_celery(arguments: list[str]) -> tuple[dict, str, dict]:
    """(global options, subcommand, its options), parsed and type-checked by celery's own click commands."""
    context = click.Context(celery_cli, info_name="celery")
    options, rest, _ = celery_cli.make_parser(context).parse_args(list(arguments))
    assert rest, f"no celery subcommand in {arguments!r}"
    assert rest[0] in celery_cli.commands, f"celery has no subcommand {rest[0]!r}"
    subcommand = celery_cli.commands[rest[0]]
    sub_context = click.Context(subcommand, info_name=rest[0], parent=context)
    sub_options, leftover, _ = subcommand.make_parser(sub_context).parse_args(rest[1:])
    assert not leftover, f"celery {rest[0]} does not take {leftover!r}"
    for param in subcommand.params:
        if param.name in sub_options:
            sub_options[param.name] = param.type_cast_value(sub_context, sub_options[param.name])
    return options, rest[0], sub_options


def bind_port(arguments: list[str]) -> int:
    binds = parse_gunicorn(arguments).bind
    assert binds and len(binds) == 1, f"gunicorn should bind exactly one address, not {binds!r}"
    return int(binds[0].rsplit(":", 1)[1])


# --- Tests: the commands -------------------------------------------------------------------------------------


def test_every_app_service_runs_gunicorn_celery_or_manage_py():
    programs = {"gunicorn", "celery", "manage.py"}
    for name in APP_SERVICES:
        argv = effective_command(services()[name])
        program = "manage.py" if argv[:2] == ["python", "manage.py"] else Path(argv[0]).name
        assert program in programs, f"{name} runs {argv!r}"


def test_gunicorn_commands_serve_an_importable_wsgi_callable():
    found = commands_of("gunicorn")
    assert any(where == "Dockerfile CMD" for where, _ in found), "the image's CMD should run gunicorn"
    for where, arguments in found:
        parsed = parse_gunicorn(arguments)
        assert len(parsed.args) == 1, f"{where}: one APP_MODULE expected, got {parsed.args!r}"
        application = import_app(parsed.args[0])
        assert callable(application), f"{where}: {parsed.args[0]} is not callable"


def test_gunicorn_takes_its_worker_count_from_web_concurrency():
    import gunicorn.config

    assert 'os.environ.get("WEB_CONCURRENCY"' in Path(gunicorn.config.__file__).read_text()
    for where, arguments in commands_of("gunicorn"):
        assert parse_gunicorn(arguments).workers is None, f"{where} overrides WEB_CONCURRENCY with --workers"
    env_lines = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "ENV"]
    assert any(re.search(r"\bWEB_CONCURRENCY=\d+", line) for line in env_lines), "the image sets no default"
    assert "WEB_CONCURRENCY" in env_example()[1]


def test_web_port_is_the_one_gunicorn_binds_the_image_exposes_and_compose_publishes():
    (port,) = {bind_port(arguments) for _, arguments in commands_of("gunicorn")}
    exposed = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "EXPOSE"]
    assert exposed and int(exposed[0].split("/")[0]) == port
    published = services()["web"]["ports"]
    assert [str(mapping).rsplit(":", 1)[1] for mapping in published] == [str(port)]


def test_celery_commands_load_the_project_celery_app():
    found = commands_of("celery")
    assert {subcommand for _, args in found for subcommand in [parse_celery(args)[1]]} >= {"worker", "beat"}
    for where, arguments in found:
        options, _, _ = parse_celery(arguments)
        assert options.get("app"), f"{where} does not name the app with -A"
        assert isinstance(find_app(options["app"]), Celery), f"{where}: {options['app']} is not a Celery app"


def test_beat_scheduler_class_path_imports_a_beat_scheduler():
    schedulers = [
        (where, options["scheduler"])
        for where, arguments in commands_of("celery")
        for _, subcommand, options in [parse_celery(arguments)]
        if subcommand == "beat"
    ]
    assert schedulers, "no celery beat command names a --scheduler"
    for where, path in schedulers:
        scheduler = symbol_by_name(path)
        assert isinstance(scheduler, type) and issubclass(scheduler, Scheduler), f"{where}: {path}"


def test_worker_healthcheck_pings_the_node_name_the_worker_runs_as():
    worker = services()["worker"]
    _, subcommand, options = parse_celery(effective_command(worker)[1:])
    assert subcommand == "worker"
    node = options.get("hostname", "celery@%h").replace("%h", "$HOSTNAME")
    pings = [
        parse_celery(argv[1:])
        for argv in healthcheck_commands(worker)
        if argv and argv[0] == "celery" and "inspect" in argv
    ]
    assert pings, "the worker's healthcheck does not run celery inspect"
    for _, subcommand, options in pings:
        assert (subcommand, options["command"]) == ("inspect", "ping")
        assert options["destination"] == [node], "it would ping every worker instead of this one"


def test_beat_healthcheck_watches_the_pidfile_beat_writes():
    beat = services()["beat"]
    _, subcommand, options = parse_celery(effective_command(beat)[1:])
    assert subcommand == "beat" and options.get("pidfile")
    assert any(options["pidfile"] in " ".join(argv) for argv in healthcheck_commands(beat))


def test_manage_py_commands_exist_and_accept_their_options():
    found = commands_of("manage.py")
    assert {arguments[0] for _, arguments in found} >= {"migrate", "collectstatic"}
    available = get_commands()
    for where, arguments in found:
        name = arguments[0]
        assert name in available, f"{where}: manage.py has no command {name!r}"
        parser = load_command_class(available[name], name).create_parser("manage.py", name)
        try:
            parser.parse_args(arguments[1:])
        except SystemExit as exc:
            raise AssertionError(f"{where}: manage.py {name} rejects {arguments[1:]!r}") from exc


def test_manage_py_commands_in_the_production_docs_exist():
    named = re.findall(r"manage\.py\s+([a-z_]+)", PRODUCTION_DOC.read_text())
    assert named, "the README names no manage.py command"
    assert set(named) <= set(get_commands())


# --- Tests: the services ----------------------------------------------------------------------------------------


def test_app_services_share_one_image_and_one_build():
    all_services = services()
    builds = {json.dumps(all_services[name].get("build"), sort_keys=True) for name in APP_SERVICES}
    images = {all_services[name].get("image") for name in APP_SERVICES}
    assert len(builds) == 1 and None not in [all_services[name].get("build") for name in APP_SERVICES]
    assert len(images) == 1 and None not in images


def one_shot_services() -> set[str]:
    return {
        target
        for service in services().values()
        for target, dependency in (service.get("depends_on") or {}).items()
        if dependency.get("condition") == "service_completed_successfully"
    }


def test_every_long_running_service_has_a_healthcheck():
    assert one_shot_services() == {"migrate"}
    for name, service in services().items():
        if name not in one_shot_services():
            assert healthcheck_commands(service), f"{name} has no healthcheck"
            assert service.get("restart") == "unless-stopped", f"{name} is not restarted"


def test_one_shot_services_are_not_restarted_after_they_exit():
    for name in one_shot_services():
        assert services()[name].get("restart") in ("no", None), f"{name} would run again and again"


def test_depends_on_names_existing_services_with_conditions_they_can_meet():
    all_services = services()
    for name, service in all_services.items():
        for target, dependency in (service.get("depends_on") or {}).items():
            assert target in all_services, f"{name} depends on unknown service {target!r}"
            condition = dependency.get("condition")
            assert condition in {"service_started", "service_healthy", "service_completed_successfully"}
            if condition == "service_healthy":
                assert healthcheck_commands(all_services[target]), f"{name} waits for {target}'s health: it has none"


def test_the_api_pool_serves_the_same_app_with_its_own_workers_and_a_smaller_cpu_share():
    web, api = services()["web"], services()["api"]
    assert effective_command(api) == effective_command(web)
    (port,) = {bind_port(arguments) for _, arguments in commands_of("gunicorn")}
    assert [str(mapping).rsplit(":", 1)[1] for mapping in api["ports"]] == [str(port)]
    assert api["ports"] != web["ports"]
    assert api["environment"]["WEB_CONCURRENCY"] == env_example()[0]["API_CONCURRENCY"]
    assert api.get("cpu_shares", 1024) < web.get("cpu_shares", 1024)
    assert api["healthcheck"] == web["healthcheck"]
    readme = PRODUCTION_DOC.read_text()
    assert "location /api/" in readme and "127.0.0.1:8001" in readme, "the README should route /api/ to the api pool"


def test_database_and_redis_are_not_published():
    for name in ("db", "redis"):
        assert not services()[name].get("ports"), f"{name} should only be reachable inside the compose network"


def test_app_services_point_at_the_bundled_database_and_redis_by_default():
    for name in APP_SERVICES:
        environment = services()[name]["environment"]
        assert urlsplit(environment["DATABASE_URL"]).hostname == "db"
        assert urlsplit(environment["REDIS_URL"]).hostname == "redis"
        assert environment["DEBUG"].lower() == "false"
        assert services()[name]["env_file"] in (".env", [".env"])


def test_web_healthcheck_passes_against_production_settings(monkeypatch, settings):
    """Run the healthcheck's own code, its HTTP request served by Django with the production settings.

    The database is reported up (tests/opsplan/test_healthz.py covers the real checks): what is tested here is
    the address, the Host header against ALLOWED_HOSTS and the exemption from the HTTPS redirect.
    """
    from opsplan import views

    monkeypatch.setattr(views, "database_status", lambda: "ok")
    active, _ = env_example()
    production = production_settings(active)
    for name, value in production.items():
        setattr(settings, name, value)
    monkeypatch.setenv("ALLOWED_HOSTS", active["ALLOWED_HOSTS"])
    (port,) = {bind_port(arguments) for _, arguments in commands_of("gunicorn")}
    (check,) = healthcheck_commands(services()["web"])
    assert check[:2] == ["python", "-c"], "the web healthcheck should be Python (slim images have no curl)"
    requested: list[str] = []

    def urlopen(request, timeout=None):
        request = request if isinstance(request, urllib.request.Request) else urllib.request.Request(request)
        url = urlsplit(request.full_url)
        assert (url.hostname, url.port) == ("127.0.0.1", port)
        resolve(url.path)
        host = dict(request.header_items()).get("Host", url.netloc)
        response = Client().get(url.path, HTTP_HOST=host)
        requested.append(url.path)
        if response.status_code != 200:  # urllib raises on errors and follows redirects to https, which fails
            raise urllib.error.HTTPError(request.full_url, response.status_code, "not healthy", {}, None)
        return response

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    exec(compile(check[2], "web healthcheck", "exec"), {"__name__": "__main__"})
    assert requested == ["/healthz"]


def production_settings(env: dict[str, str]) -> dict:
    """The request-handling settings opsplan has with .env.example's environment (read in a fresh process)."""
    names = ["DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER"]
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    environment = {key: value for key, value in os.environ.items() if key not in env}
    environment.update(env, DJANGO_SETTINGS_MODULE="opsplan.settings")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False and values["SECURE_SSL_REDIRECT"] is True
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


# --- Tests: the environment ---------------------------------------------------------------------------------


def test_env_example_documents_every_variable_compose_interpolates():
    seen: set[str] = set()
    resolve_values(raw_compose(), env_example()[0], seen)
    assert seen, "docker-compose.yml interpolates nothing?"
    assert seen <= env_example()[1], f"not in .env.example: {sorted(seen - env_example()[1])}"


def test_compose_needs_nothing_beyond_a_copy_of_env_example():
    try:
        resolve_values(raw_compose(), env_example()[0], set())
    except MissingRequiredVariable as exc:
        pytest.fail(f".env.example leaves a required variable unset: {exc}")


def test_env_example_documents_every_variable_the_settings_read():
    source = SETTINGS_FILE.read_text()
    read = set(re.findall(rf"\benv(?:\.\w+)?\(\s*[\"']({NAME})[\"']", source))
    read |= set(re.findall(rf"[\"']({NAME})[\"']\s+in\s+env\b", source))
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read, "the settings parser found too little"
    assert read <= env_example()[1], f"not in .env.example: {sorted(read - env_example()[1])}"


def test_env_example_holds_placeholders_not_secrets():
    active, _ = env_example()
    assert active["SECRET_KEY"].startswith("change-me")
    assert active["POSTGRES_PASSWORD"].startswith("change-me")
    for name, value in active.items():
        password = urlsplit(value).password if "://" in value else None
        assert password in (None, "change-me"), f"{name} carries a real-looking password"


def test_secrets_stay_out_of_the_image():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert ".env" in ignored
    keys = {
        name
        for keyword, arguments in dockerfile_instructions()
        if keyword in {"ENV", "ARG"}
        for name in re.findall(rf"({NAME})=", arguments)
    }
    assert not keys & {"SECRET_KEY", "POSTGRES_PASSWORD", "DATABASE_URL", "EMAIL_URL"}


def test_image_installs_runtime_requirements_only_and_runs_unprivileged():
    runs = " ".join(arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN")
    assert re.search(r"pip install .*-r requirements\.txt", runs)
    assert not any("requirements-dev" in arguments for _, arguments in dockerfile_instructions())
    users = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}
    assert dockerfile_instructions()[0][1].startswith("python:3.11-slim")
