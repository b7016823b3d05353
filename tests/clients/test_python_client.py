"""A Python client generated from the live schema with openapi-python-client builds without warnings, every
module of it imports, and it makes one call per operation of the schema against a live opsplan (real PostgreSQL):
each call answers its documented status, the body validates against the schema and the client parses it.

The calls come from tests/clients/calls.py (shared with the TypeScript client's test), derived from the schema,
so a new operation is called by default (or the plan fails, naming what it needs).
"""

from __future__ import annotations

import enum
import importlib
import io
import json
import pkgutil
import subprocess
import sys
import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from .calls import SESSION, TOKEN, UPLOAD, build_call_world, credentials, plan_calls
from .openapi import ResponseValidator

PACKAGE = "opsplan_api_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


def _schema(base_url: str, session: dict[str, dict[str, str]]) -> dict[str, Any]:
    response = httpx.get(
        f"{base_url}/api/schema/",
        params={"format": "json"},
        headers={"Accept-Language": "en"},
        cookies=session["cookies"],
    )
    assert response.status_code == 200, response.text[:500]
    return response.json()


def _generate(schema: dict[str, Any], where: Path) -> Path:
    where.mkdir()
    (where / "schema.json").write_text(json.dumps(schema))
    (where / "config.yaml").write_text(
        f"project_name_override: {PACKAGE}\npackage_name_override: {PACKAGE}\npost_hooks: []\n"
    )
    result = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(where / "schema.json"),
            "--config",
            str(where / "config.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(where / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output and "error" not in output.lower(), output
    return where


def _import_all(root: Path) -> dict[str, types.ModuleType]:
    """Imports every module of the generated package; returns the endpoint modules by name."""
    sys.path.insert(0, str(root))
    package = importlib.import_module(PACKAGE)
    failures = []
    endpoints = {}
    for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        try:
            module = importlib.import_module(info.name)
        except Exception as exc:  # noqa: BLE001 - every failing module is reported
            failures.append(f"{info.name}: {type(exc).__name__}: {exc}")
            continue
        if hasattr(module, "sync_detailed"):
            endpoints[info.name.rsplit(".", 1)[-1]] = module
    assert not failures, "generated modules that do not import:\n" + "\n".join(failures)
    return endpoints


@pytest.fixture
def generated_modules():
    yield
    sys.path[:] = [p for p in sys.path if not p.endswith("/pyclient")]
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


def _typed(value: Any, annotation: Any) -> Any:
    """A JSON value as the generated client's parameter type (enums, dates, lists of them)."""
    from opsplan_api_client.types import Unset

    if value is None:
        return None
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a not in (Unset, type(None))]
        return _typed(value, options[0]) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(annotation)
        return [_typed(v, item) for v in value]
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return annotation(value)
        if annotation is datetime:
            return datetime.fromisoformat(value)
        if annotation is date:
            return date.fromisoformat(value)
        if annotation in (int, float, str):
            return annotation(value)
        if hasattr(annotation, "from_dict"):
            return annotation.from_dict(value)
    return value


def _upload(call: Any, annotation: Any) -> Any:
    """An upload's body as the generated client's multipart model: its fields, and its file as a ``File``."""
    from opsplan_api_client.types import File

    fields, (name, content) = call.form()
    model = next(a for a in typing.get_args(annotation) or (annotation,) if hasattr(a, "to_multipart"))
    body = model.from_dict({**fields, UPLOAD: content})
    setattr(body, UPLOAD, File(payload=io.BytesIO(content), file_name=name, mime_type="text/csv"))
    return body


def _python_name(name: str) -> str:
    from openapi_python_client.strings import PythonIdentifier

    return str(PythonIdentifier(name, prefix="field"))


@pytest.mark.django_db(transaction=True)
def test_the_generated_client_makes_every_call_of_the_schema(live_server, tmp_path, generated_modules):
    world = build_call_world()
    creds = credentials(world)
    schema = _schema(live_server.url, creds[SESSION])
    endpoints = _import_all(_generate(schema, tmp_path / "pyclient"))
    from opsplan_api_client import AuthenticatedClient

    clients = {
        TOKEN: AuthenticatedClient(
            base_url=live_server.url, token=world.api_key, prefix="Token", headers={"Accept-Language": "en"}
        ),
        SESSION: AuthenticatedClient(
            base_url=live_server.url,
            token=creds[SESSION]["headers"]["X-CSRFToken"],
            prefix="",
            auth_header_name="X-CSRFToken",
            cookies=creds[SESSION]["cookies"],
            headers={"Accept-Language": "en"},
        ),
    }
    validator = ResponseValidator(schema)
    calls = plan_calls(schema, world)
    assert len(calls) == len({c.operation_id for c in calls}) >= 100
    failures: list[str] = []
    for call in calls:
        what = f"{call.operation_id} ({call.method.upper()} {call.path}, as {call.principal})"
        module = endpoints.get(_python_name(call.operation_id))
        if module is None:
            failures.append(f"{what}: the generated client has no module for it")
            continue
        hints = typing.get_type_hints(module.sync_detailed)
        kwargs: dict[str, Any] = {}
        try:
            for name, value in {**call.path_params, **call.query}.items():
                kwargs[_python_name(name)] = _typed(value, hints[_python_name(name)])
            if call.multipart:
                kwargs["body"] = _upload(call, hints["body"])
            elif call.body is not None:
                kwargs["body"] = _typed(call.body, hints["body"])
                sent = kwargs["body"].to_dict()
                if json.loads(json.dumps(sent, default=str)) != call.body:
                    failures.append(f"{what}: the client would send {sent}, not {call.body}")
        except Exception as exc:  # noqa: BLE001 - every operation the client cannot prepare is reported
            failures.append(f"{what}: the client cannot take the call's arguments: {type(exc).__name__}: {exc}")
            continue
        try:
            response = module.sync_detailed(client=clients[call.principal], **kwargs)
        except Exception as exc:  # noqa: BLE001 - a response the client cannot parse is reported
            failures.append(f"{what}: the client failed on the response: {type(exc).__name__}: {exc}")
            continue
        if response.status_code != call.status:
            failures.append(
                f"{what}: answered {response.status_code}, expected {call.status}: {response.content[:300]!r}"
            )
            continue
        content_type = response.headers.get("Content-Type", "")
        failures.extend(
            f"{what}: {error}"
            for error in validator.errors(call.operation_id, response.status_code, content_type, response.content)
        )
        documented = validator.operations[call.operation_id]["responses"][str(call.status)]
        if documented.get("content") and response.parsed is None:
            failures.append(f"{what}: the client parsed no body")
    assert not failures, f"{len(failures)} of {len(calls)} calls failed:\n" + "\n".join(failures)
