"""Dashboard pages: the portfolio, a store's plan against actual, the days behind a figure, recompute now."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import current_app
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.access import LOGIN, store_rule, with_rule
from accounts.choices import Action
from core.spreadsheet import FORMATS, export_response
from core.tasks import STORE_REFRESH_TASK
from rollups.models import DayRollup
from stores.days import dirty_mark_ranges, store_yesterday
from stores.permissions import role_can, stores_for

from . import tables
from .domain import GRAINS, metric_rows, subtotals, sums, totals
from .filtersets import DayRollupFilterSet
from .progress import task_progress
from .rows import metric_table_body, period_table_body
from .selectors import days_detail, portfolio_rows, recompute_span, store_chart, store_dashboard, store_open_alerts

logger = logging.getLogger(__name__)

MAX_DAYS = 400
TASKS_KEY = "dashboards:recompute-tasks"  # the session's recompute task ids, per store code
QUEUED_MESSAGE = gettext_lazy(
    "The task queue is unreachable, so the recompute cannot start now. It is queued: the next rollup "
    "(tonight at the latest) recomputes these days."
)


def _export_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in FORMATS else None


@require_GET
@with_rule(LOGIN)
def portfolio(request: HttpRequest) -> HttpResponse:
    """Every store of the user in one table, with totals and a subtotal per platform."""
    rows = portfolio_rows(stores_for(request.user, Action.VIEW).order_by("name", "code"))
    fmt = _export_format(request)
    if fmt:
        return export_response(tables.portfolio_table(rows), fmt, f"portfolio-{timezone.localdate().isoformat()}")
    rollups = [r["last_rollup_at"] for r in rows if r["last_rollup_at"]]
    context = {
        "rows": rows,
        "totals": totals(rows),
        "platforms": subtotals(rows, "platform", "platform_label"),
        "oldest_rollup_at": min(rollups, default=None),
        "latest_rollup_at": max(rollups, default=None),
    }
    return render(request, "dashboards/portfolio.html", context)


def _metrics(periods: list[dict[str, Any]], store_code: str, grain: str) -> list[dict[str, Any]]:
    """The five charts of the store dashboard, each with its table alternative (rendered in Python)."""
    charts = [
        ("uv", "target_uv", _("UV"), "count"),
        ("orders", "target_orders", _("Orders"), "count"),
        ("gmv", "target_gmv", _("GMV"), "money"),
        ("conversion", "target_conversion", _("Conversion"), "pct"),
        ("aov", "target_aov", _("Average order value"), "money"),
    ]
    return [
        {
            "key": key,
            "target": target,
            "label": label,
            "kind": kind,
            "body": metric_table_body(store_code, grain, metric_rows(periods, key, target), kind),
        }
        for key, target, label, kind in charts
    ]


def _variance_chart(variance: list[dict[str, Any]]) -> dict[str, Any]:
    """The waterfalls' data: from the target GMV through the three effects to the actual GMV."""
    names = {
        "target": _("Target"),
        "uv": _("UV effect"),
        "conversion": _("Conversion effect"),
        "aov": _("AOV effect"),
        "actual": _("Actual"),
    }
    return {
        "scopes": [
            {
                "id": f"waterfall-{v['grain']}",
                "steps": [
                    {"name": names[s["step"]], "step": s["step"], "base": float(s["base"]), "value": float(s["value"])}
                    for s in v["steps"]
                ],
            }
            for v in variance
        ]
    }


def _grain(request: HttpRequest) -> str:
    grain = request.GET.get("grain")
    return grain if grain in GRAINS else "day"


@require_GET
@with_rule(store_rule(Action.VIEW))
def store_data(request: HttpRequest, store: str) -> JsonResponse:
    """The store dashboard's chart data as JSON (?grain=day|week|month): the same the page draws its charts from."""
    data = store_chart(request.store, _grain(request))
    payload = {
        "store": request.store.code,
        "grain": data["grain"],
        "yesterday": data["yesterday"].isoformat(),
        "first": data["first"].isoformat(),
        "last": data["last"].isoformat(),
        "chart": data["chart"],
        "variance": _variance_chart(data["variance"]),
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


@require_GET
@with_rule(store_rule(Action.VIEW))
def store_detail(request: HttpRequest, store: str) -> HttpResponse:
    """A store's plan against actual by day, week or month, the variance split, stages and alerts."""
    grain = _grain(request)
    data = store_dashboard(request.store, grain)
    fmt = _export_format(request)
    if fmt:
        stem = f"{request.store.code}-{grain}-{data['yesterday'].isoformat()}"
        return export_response(tables.period_table(data["rows"], grain), fmt, stem)
    task_id = request.GET.get("task")
    context = {
        **data,
        "store": request.store,
        "grains": [("day", _("Day")), ("week", _("Week")), ("month", _("Month"))],
        "metrics": _metrics(data["periods"], request.store.code, grain),
        "rows_body": period_table_body(request.store.code, grain, data["rows"]),
        "variance_chart": _variance_chart(data["variance"]),
        "alerts": store_open_alerts(request.store),
        "can_recompute": role_can(request.user, request.store_role, Action.EDIT_PLAN),
        "can_import": role_can(request.user, request.store_role, Action.IMPORT_EXPORTS),
        "progress": task_progress(task_id) if task_id and _owns_task(request, task_id) else None,
    }
    return render(request, "dashboards/store.html", context)


@require_GET
@with_rule(store_rule(Action.VIEW))
def days(request: HttpRequest, store: str) -> HttpResponse:
    """The days behind a figure (?from=&to=): each day's rollup and every source's record of it."""
    yesterday = store_yesterday(request.store)
    get = request.GET
    data = {
        "date_from": get.get("from") or get.get("date_from") or (yesterday - timedelta(days=6)).isoformat(),
        "date_to": get.get("to") or get.get("date_to") or yesterday.isoformat(),
    }
    filterset = DayRollupFilterSet(data, queryset=DayRollup.objects.filter(store=request.store))
    context: dict[str, Any] = {"store": request.store, "filterset": filterset, "days": [], "error": None}
    if not filterset.is_valid():
        context["error"] = _("Give the days as YYYY-MM-DD.")
        return render(request, "dashboards/days.html", context, status=400)
    first, last = filterset.form.cleaned_data["date_from"], filterset.form.cleaned_data["date_to"]
    if last < first or (last - first).days >= MAX_DAYS:
        context["error"] = _("Choose a range of 1 to %(n)s days, the first day before the last.") % {"n": MAX_DAYS}
        return render(request, "dashboards/days.html", context, status=400)
    found = days_detail(request.store, filterset.qs, first, last)
    fmt = _export_format(request)
    if fmt:
        return export_response(tables.days_table(found), fmt, f"{request.store.code}-days-{first}-{last}")
    context.update(days=found, first=first, last=last, total=sums(found), yesterday=yesterday)
    return render(request, "dashboards/days.html", context)


def _owns_task(request: HttpRequest, task_id: str) -> bool:
    """Only the session that started a recompute reads its progress (task ids are not store-scoped)."""
    return task_id in request.session.get(TASKS_KEY, {}).get(request.store.code, [])


def _remember_task(request: HttpRequest, task_id: str) -> None:
    tasks = request.session.get(TASKS_KEY, {})
    tasks[request.store.code] = [*tasks.get(request.store.code, [])[-4:], task_id]
    request.session[TASKS_KEY] = tasks


@require_POST
@with_rule(store_rule(Action.EDIT_PLAN))
def recompute(request: HttpRequest, store: str) -> HttpResponse:
    """Roll the store up again now (the plan's period, or the last 400 days); answers the progress fragment."""
    first, last = recompute_span(request.store)
    refresh = current_app.tasks[STORE_REFRESH_TASK]
    try:
        result = refresh.delay(request.store.pk, first.isoformat(), last.isoformat())
    except Exception:  # noqa: BLE001 - no broker, or (embedded) the rollup itself failed in process
        if not refresh.app.conf.task_always_eager:
            # With a broker, delay() only queues: Redis (broker or result backend) is unreachable. The days are
            # marked dirty instead, so the next rollup that runs (tonight at the latest) recomputes them.
            logger.warning("Recompute of %s queued for the next rollup: Redis is unreachable", request.store.code)
            dirty_mark_ranges([(request.store.pk, first, last)])
            if not request.htmx:
                messages.warning(request, QUEUED_MESSAGE)
                return redirect("dashboards:store", store=request.store.code)
            queued: dict[str, Any] = {"state": "QUEUED", "running": False, "percent": 0}
            return render(request, "dashboards/_recompute.html", {"store": request.store, "progress": queued})
        logger.exception("Recompute of %s failed to start or run", request.store.code)
        if not request.htmx:
            messages.error(request, _("The recompute failed; the figures shown are those of the last rollup."))
            return redirect("dashboards:store", store=request.store.code)
        progress: dict[str, Any] = {"state": "FAILURE", "running": False, "percent": 0}
        return render(request, "dashboards/_recompute.html", {"store": request.store, "progress": progress})
    _remember_task(request, result.id)
    if not request.htmx:
        messages.info(
            request, _("Recomputing the figures from %(first)s to %(last)s.") % {"first": first, "last": last}
        )
        return redirect(f"{reverse('dashboards:store', kwargs={'store': request.store.code})}?task={result.id}")
    context = {"store": request.store, "progress": task_progress(result.id), "first": first, "last": last}
    return render(request, "dashboards/_recompute.html", context)


@require_GET
@with_rule(store_rule(Action.EDIT_PLAN))
def recompute_progress(request: HttpRequest, store: str, task_id: Any) -> HttpResponse:
    """The progress fragment that htmx polls every second until the rollup succeeds or fails."""
    task_id = str(task_id)
    if not _owns_task(request, task_id):
        raise Http404
    context = {"store": request.store, "progress": task_progress(task_id)}
    return render(request, "dashboards/_recompute.html", context)
