"""Bad request bodies are refused before any view reads them: too large 413, a form in another media type 415,
form data that is not UTF-8 400. Nothing is written for any of them.

Django alone would answer an oversized form 400, parse a ``text/plain`` POST to a form as an empty form, and decode
invalid UTF-8 in form data into replacement characters that a form then saves. DRF answers 415 and 400 only when a
view reads the body, which an action like "activate" never does. So every write is checked here, before the CSRF
check and the view: the API against the media types of its view's parsers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.access import is_api_view

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
JSON = "application/json"
FORM_TYPES = frozenset({URLENCODED, MULTIPART})


def content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_limit(media_type: str) -> int:
    """Bytes a request body may have: multipart (uploads) up to ``REQUEST_MAX_UPLOAD_SIZE``, the rest up to
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    if media_type == MULTIPART:
        return max(settings.REQUEST_MAX_UPLOAD_SIZE, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large_message(limit: int | None = None) -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE if limit is None else limit
    return _("The request body is larger than %(limit)s bytes.") % {"limit": limit}


def urlencoded_is_utf8(body: bytes) -> bool:
    """Every name and value of a form-encoded body, percent-decoded, is UTF-8."""
    try:
        for pair in body.split(b"&"):
            for part in pair.split(b"=", 1):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def refusal(request: HttpRequest, view_func: Any, status: int, message: str) -> HttpResponse:
    """JSON under the API (the bulk pushes' ``{"errors": [...]}`` shape where they use it), plain text elsewhere."""
    if is_api_view(view_func):
        view_class = getattr(view_func, "cls", None)
        if request.method in getattr(view_class, "errors_envelope", ()):
            return JsonResponse({"errors": [{"index": None, "field": None, "message": message}]}, status=status)
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(escape(message), status=status, content_type="text/plain; charset=utf-8")


class RequestBodyMiddleware:
    """Checks the body of every POST, PUT and PATCH before the CSRF check and the view read it."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict) -> Any:
        if request.method not in BODY_METHODS:
            return None
        length = content_length(request)
        media_type = request.content_type.lower()
        if length > body_limit(media_type):
            return refusal(request, view_func, 413, too_large_message(body_limit(media_type)))
        api = is_api_view(view_func)
        if length and media_type not in (_parser_types(view_func) if api else FORM_TYPES):
            if api:
                taken = " or ".join(sorted(_parser_types(view_func)))
                message = _("Unsupported media type %(type)s; send %(taken)s.") % {"type": media_type, "taken": taken}
            else:
                message = _("Send this form as application/x-www-form-urlencoded or multipart/form-data.")
            return refusal(request, view_func, 415, message)
        if media_type == URLENCODED and not urlencoded_is_utf8(request.body):
            return refusal(request, view_func, 400, _("The form data is not valid UTF-8."))
        if media_type == MULTIPART and not api and _replaced(request):
            return refusal(request, view_func, 400, _("The form data is not valid UTF-8."))
        if media_type == JSON and not _utf8(request.body):
            return refusal(request, view_func, 400, _("The body is not valid UTF-8."))
        return None


def _parser_types(view_func: Any) -> set[str]:
    """The media types an API view's parsers take (DRF would answer 415 for others, but only once a view reads the
    body: an action that reads none would run)."""
    view_class = getattr(view_func, "cls", None)
    return {parser.media_type.split(";")[0].strip().lower() for parser in getattr(view_class, "parser_classes", ())}


def _utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _replaced(request: HttpRequest) -> bool:
    """Django decodes multipart fields with errors="replace": a U+FFFD in a field means bytes that were not UTF-8."""
    return any("\ufffd" in key or any("\ufffd" in v for v in values) for key, values in request.POST.lists())
