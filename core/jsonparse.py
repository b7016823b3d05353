"""The one way opsplan reads a JSON request body: DRF's parser for every API view, and the bulk pushes' own
reading (funnel/push.py, :func:`loads_decimal`: msgspec's parser, several times faster on a push of 10,000 records).

Python's parser recurses once per level of nesting: a body of 100,000 opening brackets raises ``RecursionError``,
which nothing answers but a 500. No opsplan body nests deeper than a few levels, so anything deeper than
``API_MAX_JSON_DEPTH`` (64) is malformed JSON: 400, nothing read.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from itertools import chain
from typing import Any

import msgspec
from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class NestingTooDeep(ValueError):
    """The JSON nests deeper than ``API_MAX_JSON_DEPTH``."""


def too_deep_message() -> str:
    return _("The JSON nests deeper than %(limit)s levels.") % {"limit": settings.API_MAX_JSON_DEPTH}


_CONTAINERS = (dict, list)


def nests_deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` has containers more than ``limit`` levels deep (the top level is level 1); a walk without
    recursion, one level at a time, which stops at the first level too deep or without containers. A level of
    scalars (the fields of a push's records) is looked over by C loops, not Python per value."""
    level = [value] if isinstance(value, _CONTAINERS) else []
    depth = 1
    while level:
        if depth > limit:
            return True
        children = list(chain.from_iterable(node.values() if isinstance(node, dict) else node for node in level))
        if not any(issubclass(kind, _CONTAINERS) for kind in set(map(type, children))):
            return False
        level = [child for child in children if isinstance(child, _CONTAINERS)]
        depth += 1
    return False


def loads(text: str | bytes, **kwargs: Any) -> Any:
    """``json.loads`` that raises :class:`NestingTooDeep` (a ValueError) for nesting deeper than the limit."""
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        raise NestingTooDeep(too_deep_message()) from None
    if isinstance(value, dict | list) and nests_deeper_than(value, settings.API_MAX_JSON_DEPTH):
        raise NestingTooDeep(too_deep_message())
    return value


# Decimals as Decimal from their text, as ``parse_float=Decimal`` reads them: money keeps every digit sent.
_DECIMAL_DECODER = msgspec.json.Decoder(float_hook=Decimal)


def loads_decimal(body: bytes) -> Any:
    """``loads(body.decode("utf-8"), parse_float=Decimal)``, read by msgspec: the same value for every body that
    parser reads, the same errors for every body it refuses (UnicodeDecodeError, or a ValueError for
    :func:`json_problem`). msgspec refuses a few bodies Python's parser reads (``NaN``, a lone surrogate escape, a
    negative integer of 4,300 digits) and words its errors its own way: on any refusal Python's parser reads the
    body again and decides, as before."""
    try:
        value = _DECIMAL_DECODER.decode(body)
    except (msgspec.MsgspecError, ValueError, RecursionError):
        return loads(body.decode("utf-8"), parse_float=Decimal)
    if isinstance(value, _CONTAINERS) and nests_deeper_than(value, settings.API_MAX_JSON_DEPTH):
        raise NestingTooDeep(too_deep_message())
    return value


def json_problem(exc: ValueError) -> str:
    """What is wrong with a JSON body, in opsplan's words: where a syntax error is, that it nests too deep, or that
    an integer is too long (Python's own message for that names ``sys.set_int_max_str_digits()``, a hint to the
    server's code)."""
    if isinstance(exc, NestingTooDeep):
        return str(exc)
    if "int_max_str_digits" not in str(exc):
        return _("Malformed JSON: %(error)s") % {"error": exc}
    message = _("A number in the JSON is too long: at most %(digits)s digits are accepted.")
    return message % {"digits": f"{sys.get_int_max_str_digits():,}"}


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (``DEFAULT_PARSER_CLASSES``) in opsplan's words, with the nesting limit: too deep, too long
    a number or malformed is a ParseError, 400."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            value = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(too_deep_message()) from None
        except ParseError as exc:
            if isinstance(exc.__context__, ValueError):
                raise ParseError(json_problem(exc.__context__)) from None
            raise
        if isinstance(value, dict | list) and nests_deeper_than(value, settings.API_MAX_JSON_DEPTH):
            raise ParseError(too_deep_message())
        return value
