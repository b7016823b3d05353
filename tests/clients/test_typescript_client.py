"""A TypeScript client generated from the live schema builds with zero errors and makes every call of the schema.

The pinned generator in ``clients/typescript`` (``npm ci`` installs it) turns the schema the live server serves into
a fetch client with one function per operation. The call plan becomes a TypeScript module that calls each of those
functions with typed arguments, so ``tsc`` in strict mode checks the plan's parameters and bodies against the
generated types as well as the client itself. Node then makes the calls against the live server (real PostgreSQL)
and every response, as the server sent it, must be documented by the schema and carry the expected status.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from .calls import SESSION, Call, build_call_world, credentials, plan_calls
from .openapi import ResponseValidator

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = Path(__file__).resolve().parents[2] / "clients" / "typescript"
NODE_MODULES = PROJECT / "node_modules"
BIN = NODE_MODULES / ".bin"


def function_name(operation_id: str) -> str:
    """The name the generator gives an operation's function: its snake_case operationId in camelCase."""
    head, *rest = operation_id.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def typescript_call(call: Call) -> str:
    options = ["client"]
    for key, value in (("path", call.path_params), ("query", call.query), ("body", call.body)):
        if key == "body" and call.multipart:
            options.append(f"body: {upload_body(call)}")
        elif value is not None and value != {}:
            options.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    send = f"(client) => sdk.{function_name(call.operation_id)}({{ {', '.join(options)} }})"
    return f"  await call({json.dumps(call.operation_id)}, {json.dumps(call.principal)}, {send});"


def upload_body(call: Call) -> str:
    """An upload's body for the generated client: its fields, and its file as a Blob (the client sends FormData)."""
    fields, (_name, content) = call.form()
    blob = f"new Blob([{json.dumps(content.decode(), ensure_ascii=False)}], {{ type: 'text/csv' }})"
    return "{ " + ", ".join([*(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in fields.items()), f"file: {blob}"]) + " }"


def calls_module(plan) -> str:
    lines = ["import * as sdk from './client/sdk.gen';", "import { call, finish } from './runner';", ""]
    lines += ["async function main(): Promise<void> {"]
    lines += [typescript_call(call) for call in plan]
    lines += ["  finish(process.argv[2] ?? 'outcomes.json');", "}", ""]
    lines += ["main().catch((exc: unknown) => {", "  console.error(exc);", "  process.exit(1);", "});", ""]
    return "\n".join(lines)


def run(command: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False, **kwargs)


@pytest.fixture
def toolchain():
    node = shutil.which("node")
    assert node, "node is not installed (.ci/run installs it)"
    assert (BIN / "openapi-ts").exists() and (BIN / "tsc").exists(), (
        f"the TypeScript toolchain is not installed: run `npm ci` in {PROJECT.name} (make venv does)"
    )
    return node


def test_a_generated_typescript_client_makes_every_call_of_the_schema(live_server, toolchain, tmp_path):
    world = build_call_world()
    principals = credentials(world)
    response = httpx.get(
        f"{live_server.url}/api/schema/", params={"format": "json"}, cookies=principals[SESSION]["cookies"], timeout=60
    )
    assert response.status_code == 200, response.text[:500]
    schema = response.json()
    validator = ResponseValidator(schema)
    plan = plan_calls(schema, world)
    assert sorted(call.operation_id for call in plan) == sorted(validator.operations)

    (tmp_path / "schema.json").write_text(json.dumps(schema))
    generated = run(
        [str(BIN / "openapi-ts"), "-i", "schema.json", "-o", "client", "-c", "@hey-api/client-fetch", "--no-log-file"],
        tmp_path,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert not re.search(r"warn|error", generated.stdout + generated.stderr, re.IGNORECASE), generated.stderr
    sdk = (tmp_path / "client" / "sdk.gen.ts").read_text()
    functions = set(re.findall(r"^export const (\w+) = ", sdk, re.MULTILINE))
    assert functions == {function_name(operation_id) for operation_id in validator.operations}

    shutil.copy(PROJECT / "src" / "runner.ts", tmp_path / "runner.ts")
    (tmp_path / "calls.ts").write_text(calls_module(plan))
    (tmp_path / "node_modules").symlink_to(NODE_MODULES)
    (tmp_path / "package.json").write_text(json.dumps({"private": True, "type": "commonjs"}))
    tsconfig = {
        "extends": str(PROJECT / "tsconfig.json"),
        "compilerOptions": {"rootDir": ".", "outDir": "dist"},
        "include": ["*.ts", "client/**/*.ts"],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(tsconfig))
    built = run([str(BIN / "tsc"), "-p", "tsconfig.json", "--pretty", "false"], tmp_path)
    assert built.returncode == 0 and not built.stdout.strip(), f"tsc:\n{built.stdout[-8000:]}{built.stderr[-2000:]}"

    environment = {
        **os.environ,
        "OPSPLAN_BASE_URL": live_server.url,
        "OPSPLAN_PRINCIPALS": json.dumps(principals),
        "NODE_NO_WARNINGS": "1",
    }
    called = run([toolchain, "dist/calls.js", "outcomes.json"], tmp_path, env=environment)
    assert called.returncode == 0, called.stdout + called.stderr
    outcomes = json.loads((tmp_path / "outcomes.json").read_text())
    assert [outcome["operationId"] for outcome in outcomes] == [call.operation_id for call in plan]

    problems = []
    for call, outcome in zip(plan, outcomes, strict=True):
        what = f"{call.operation_id} ({call.method.upper()} {call.path}, as {call.principal})"
        if outcome["failure"]:
            problems.append(f"{what}: the client failed: {outcome['failure']}")
            continue
        status, body = outcome["status"], outcome["body"] or ""
        if status != call.status:
            problems.append(f"{what}: answered {status}, expected {call.status}: {body[:300]}")
            continue
        if outcome["parsed"] != "data":
            problems.append(f"{what}: the client read the {status} as {outcome['parsed']}")
        errors = validator.errors(call.operation_id, status, outcome["contentType"] or "", body.encode())
        problems.extend(f"{what}: {error}" for error in errors)
    assert not problems, f"{len(problems)} problems in {len(plan)} calls:\n" + "\n".join(problems)
