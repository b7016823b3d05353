"""Site-wide pages: the health check, the icon browsers ask for and the error pages (home: dashboards.landing)."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import defaults

from accounts.access import public
from core.unavailable import is_database_outage, unavailable_response


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "down" to a health check
        return "down"
    return "ok"


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from opsplan.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001
        return "down"
    return "ok"


@public
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker status as JSON: 503 when the database is down, "degraded" when only the broker is."""
    checks = {"database": database_status(), "broker": broker_status()}
    if checks["database"] != "ok":
        status, code = "down", 503
    elif checks["broker"] == "down":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)


@public
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico when a page names no icon (a fragment, the admin): the site's icon."""
    return redirect(static("favicon.svg"), permanent=True)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400, except a body over the size limit that came without a Content-Length (chunked): 413."""
    if isinstance(exception, RequestDataTooBig):
        from .limits import too_large_message

        if _is_api(request):
            return JsonResponse({"detail": too_large_message()}, status=413)
        return HttpResponse(escape(too_large_message()), status=413, content_type="text/plain; charset=utf-8")
    if _is_api(request):
        return JsonResponse({"detail": str(_("Bad request."))}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: JSON under /api/ (clients parse it like every other API error), the HTML page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": str(_("Not found."))}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: JSON under /api/, the HTML page elsewhere; a lost database connection is a 503 (``core.unavailable``).

    Django calls this while handling the uncaught exception, so ``sys.exc_info()`` holds it.
    """
    if is_database_outage(sys.exc_info()[1]):
        return unavailable_response(request)
    if _is_api(request):
        return JsonResponse({"detail": str(_("Something went wrong on our side; nothing was changed."))}, status=500)
    return defaults.server_error(request)
