"""A lost database is a temporary outage, not a bug: 503 with ``Retry-After`` instead of a 500.

When PostgreSQL restarts or a connection drops, every query raises ``OperationalError`` (or ``InterfaceError`` on
a connection already closed). The request's transaction is gone with the connection, so nothing it wrote is kept;
the caller is told to try again shortly. Two places turn such an error into a 503: ``core.api.exception_handler``
for DRF views, and ``opsplan.views.server_error`` for everything else, including errors raised in middleware
(sessions, authentication, access rules), which no middleware's ``process_exception`` ever sees.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def is_database_outage(exc: BaseException | None) -> bool:
    """True when ``exc`` (or an exception it was raised from) is a lost or refused database connection."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_message() -> str:
    return str(_("The database is unavailable for a moment; nothing was changed. Please retry shortly."))


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503: JSON ``{"detail": …}`` under /api/, the standalone HTML page elsewhere (no database needed for either)."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": unavailable_message()}, status=503)
    else:
        # Rendered without a request context: the context processors would query the database again.
        response = HttpResponse(loader.render_to_string("503.html", {"seconds": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class RetryAfterMiddleware:
    """Every 503 tells the caller when to try again: ``Retry-After`` on each one that does not say it already."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 503 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
