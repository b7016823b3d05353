"""Every operation's error answers are the ones its schema declares: for each call of tests/clients/calls.py, the
errors a client meets are provoked against a live opsplan (real HTTP, real PostgreSQL) and each answer must be a
documented status whose body validates against the schema:

- 401 with no credentials, for every operation;
- 404 for an unknown value of each path parameter (an id, a code, a SKU), for every path with one;
- 400 for a body that is not JSON and for a body whose every field has the wrong type, for every write;
- 403 as a principal of the store that lacks the operation's action (a viewer, or a client without the scope).

The calls derive from the schema, so a new operation is covered by default.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from accounts.choices import ApiScope, Role
from accounts.grants import ROLE_ACTIONS, api_client_actions
from stores.permissions import store_actions_for
from tests.factories import MembershipFactory, UserFactory, api_client_with_key

from .calls import SESSION, TOKEN, UPLOAD, Call, _route, _view_class, build_call_world, credentials, plan_calls
from .openapi import ResponseValidator
from .test_python_client import _schema

UNKNOWN_ID = 987654321
UNKNOWN_CODE = "no-such-thing"


@dataclass
class Attempt:
    """One error answer to provoke: the request and the statuses that count as the answer expected."""

    kind: str
    call: Call
    path: str
    expected: frozenset[int]
    principal: dict[str, dict[str, str]]
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


def _wrong(value: Any) -> Any:
    """A JSON value of another type than ``value`` (an object where a scalar is expected, and so on)."""
    if isinstance(value, dict):
        return "not an object"
    if isinstance(value, list):
        return "not a list"
    return {"not": ["a", value]}


def _unknown_path(call: Call, name: str) -> str:
    value = UNKNOWN_ID if isinstance(call.path_params[name], int) else UNKNOWN_CODE
    path = call.template
    for other, known in call.path_params.items():
        path = path.replace(f"{{{other}}}", str(value if other == name else known))
    return path


def _without_action(world: Any, call: Call) -> dict[str, dict[str, str]] | None:
    """Credentials of a principal of the own store that may not make the call (None if every one may)."""
    action = store_actions_for(_view_class(_route(call.template).func), call.method.upper())
    if call.principal == TOKEN:
        scopes = [scope for scope in ApiScope.values if action not in api_client_actions([scope])]
        if action in api_client_actions(scopes):
            return None
        _client, key = api_client_with_key(f"without-{call.operation_id}", world.store, scopes=scopes)
        return {"headers": {"Authorization": f"Token {key}"}, "cookies": {}}
    roles = [role for role, actions in ROLE_ACTIONS.items() if action not in actions]
    if not roles:
        return None
    role = Role.VIEWER if Role.VIEWER in roles else roles[0]
    viewer = MembershipFactory(user=UserFactory(username=f"no-{call.operation_id}"[:150]), store=world.store, role=role)
    world_user, world.user = world.user, viewer.user
    try:
        return credentials(world)[SESSION]
    finally:
        world.user = world_user


def _malformed(call: Call) -> tuple[bytes, str]:
    """A body the call's media type cannot parse."""
    if call.multipart:
        return b"--elsewhere\r\nnot a part", "multipart/form-data; boundary=nowhere"
    return b'{"', "application/json"


def _wrong_types(call: Call) -> tuple[bytes, str]:
    """The call's body with every field of another type: JSON values of another kind; for an upload, a file sent
    as a plain field and a store code that is no code."""
    if call.multipart:
        fields, (_name, content) = call.form()
        wrong = {**{key: "not a code!" for key in fields}, UPLOAD: content.decode()}
        request = httpx.Request("POST", "http://opsplan", data=wrong, files={"other": ("x.bin", b"\x00")})
        return request.read(), request.headers["Content-Type"]
    wrong = (
        {key: _wrong(value) for key, value in call.body.items()} if isinstance(call.body, dict) else _wrong(call.body)
    )
    return json.dumps(wrong).encode(), "application/json"


def _attempts(calls: list[Call], world: Any, creds: dict[str, Any]) -> list[Attempt]:
    attempts = []
    nobody = {"headers": {}, "cookies": {}}
    for call in calls:
        body, media = call.encoded() if call.body is not None else (None, "application/json")
        attempts.append(Attempt("no credentials", call, call.path, frozenset({401}), nobody, body, content_type=media))
        for name in call.path_params:
            attempts.append(
                Attempt(
                    f"unknown {name}",
                    call,
                    _unknown_path(call, name),
                    frozenset({404}),
                    creds[call.principal],
                    body,
                    content_type=media,
                )
            )
        if call.body is not None:
            for kind, (content, content_type) in (
                ("body not JSON", _malformed(call)),
                ("fields of the wrong type", _wrong_types(call)),
            ):
                attempts.append(
                    Attempt(
                        kind,
                        call,
                        call.path,
                        frozenset({400}),
                        creds[call.principal],
                        content,
                        content_type=content_type,
                    )
                )
        if call.method != "get" or call.principal == SESSION:
            without = _without_action(world, call)
            if without is not None:
                attempts.append(
                    Attempt("without the action", call, call.path, frozenset({403}), without, body, content_type=media)
                )
    return attempts


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_its_errors_as_the_schema_declares(live_server):
    world = build_call_world()
    creds = credentials(world)
    schema = _schema(live_server.url, creds[SESSION])
    validator = ResponseValidator(schema)
    calls = plan_calls(schema, world)
    attempts = _attempts(calls, world, creds)
    failures: list[str] = []
    provoked: Counter[str] = Counter()
    with httpx.Client(base_url=live_server.url, headers={"Accept-Language": "en"}, timeout=30) as http:
        for attempt in attempts:
            call = attempt.call
            what = f"{call.operation_id} ({call.method.upper()} {attempt.path}) {attempt.kind}"
            http.cookies.clear()
            http.cookies.update(attempt.principal["cookies"])
            response = http.request(
                call.method.upper(),
                attempt.path,
                params=call.query,
                content=attempt.content,
                headers={
                    **attempt.principal["headers"],
                    **({"Content-Type": attempt.content_type} if attempt.content is not None else {}),
                },
            )
            if response.status_code not in attempt.expected:
                failures.append(
                    f"{what}: answered {response.status_code}, expected {sorted(attempt.expected)}: "
                    f"{response.content[:300]!r}"
                )
                if response.status_code < 400 or response.status_code >= 500:
                    continue
            provoked[attempt.kind.split()[0]] += 1
            failures.extend(
                f"{what}: {error}"
                for error in validator.errors(
                    call.operation_id, response.status_code, response.headers.get("Content-Type", ""), response.content
                )
            )
    assert not failures, f"{len(failures)} of {len(attempts)} error answers failed:\n" + "\n".join(failures)
    assert provoked["no"] == len(calls)
    assert provoked["unknown"] >= 30 and provoked["body"] >= 30 and provoked["without"] >= 30, provoked
