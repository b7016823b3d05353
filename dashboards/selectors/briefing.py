"""The morning briefing: each store's yesterday and month to date against plan, the pace to month-end, the stage
advice and today's to-do, read in a fixed number of queries however many stores.

Figures come from where the dashboards read them: yesterday from the day rollup (the store dashboard's day row),
the month from the month rollup (its month row and the portfolio's pace), the advice from the portfolio's
``stage_statuses``. Nothing is computed again here. The to-do reads the alerts, the promotions' reminders, the
inventory planning figures and the open factory orders, each in bulk for all the stores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Action
from alerts.choices import AlertKind, AlertState, Severity
from alerts.models import Alert
from alerts.rules import deadline_text
from core import numbers
from funnel.advice_text import reason_texts
from funnel.choices import Recommendation
from inventory.choices import FactoryOrderStatus
from inventory.models import FactoryOrder, Product
from promotions.planning import product_planning_for
from promotions.reminders import STOCK_DECISION, promotion_reminders
from rollups.models import DayRollup, Grain, PeriodRollup
from stores.days import store_yesterday
from stores.links import allowed_url
from stores.models import Store
from stores.permissions import stores_for

from ..briefing import (
    Briefing,
    DayFigures,
    MonthFigures,
    StageAdvice,
    StoreBriefing,
    TodoItem,
    TodoKind,
    worst_first,
)
from ..domain import month_start, with_ratios
from .portfolio import stage_names, stage_statuses

__all__ = ["briefing", "briefing_stores", "store_briefings"]

UNDERSTAFFED_DAYS = 7  # under-staffed days this far ahead are on the to-do
SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
# Kinds of alert the to-do lists in a section of their own, from the live figures rather than the alert.
OWN_SECTION_KINDS = (AlertKind.STOCK_OUT_LISTED, AlertKind.PROMOTION_DECISION, AlertKind.UNDERSTAFFED)
DAY_FIELDS = ("date", "uv", "orders", "gmv", "target_uv", "target_orders", "target_gmv", "conversion", "aov")
DAY_FIELDS += ("orders_attainment", "gmv_attainment")
MONTH_FIELDS = ("period_start", "period_end", "as_of", "days", "days_elapsed", "orders", "target_orders")
MONTH_FIELDS += ("orders_attainment", "gmv", "target_gmv", "gmv_attainment", "period_target_gmv", "projected_gmv")
MONTH_FIELDS += ("pace_gmv", "period_target_orders", "projected_orders", "pace_orders")


class Links:
    """URLs the reader may open (``stores.links.allowed_url``), or "" for every link without a reader."""

    def __init__(self, reader: HttpRequest | None, stores: Sequence[Store]) -> None:
        self.request = reader
        self.codes = {s.code for s in stores}

    def __call__(self, name: str, **kwargs: Any) -> str:
        if self.request is None:
            return ""
        user = self.request.user
        if user.is_superuser and user.is_active and kwargs.get("store") in self.codes:
            # allowed_url would ask the database, link by link, whether the store exists: it was just read.
            return reverse(name, kwargs=kwargs)
        return allowed_url(self.request, name, **kwargs)


def reader_request(user: Any) -> HttpRequest:
    """A request of ``user`` for deciding which links they may follow, when there is no real one."""
    request = HttpRequest()
    request.user = user
    return request


def _days(ids: list[int], yesterday: dict[int, date]) -> dict[int, DayFigures]:
    """Each store's yesterday from the day rollups (one query)."""
    rows = DayRollup.objects.filter(store_id__in=ids, date__in=set(yesterday.values())).values("store_id", *DAY_FIELDS)
    found = {}
    for row in rows:
        if row["date"] != yesterday[row["store_id"]]:
            continue
        # The target's conversion and AOV as the dashboards derive them; the actual's are the rollup's own.
        targets = with_ratios({k: row[k] for k in ("target_uv", "target_orders", "target_gmv")})
        figures = {k: row[k] for k in DAY_FIELDS}
        found[row["store_id"]] = DayFigures(
            **figures, target_conversion=targets["target_conversion"], target_aov=targets["target_aov"]
        )
    return found


def _months(ids: list[int], yesterday: dict[int, date]) -> dict[int, MonthFigures]:
    """The month rollup holding each store's yesterday (one query)."""
    starts = {s: month_start(d) for s, d in yesterday.items()}
    rows = PeriodRollup.objects.filter(
        store_id__in=ids, grain=Grain.MONTH, period_start__in=set(starts.values())
    ).values("store_id", *MONTH_FIELDS)
    found = {}
    for row in rows:
        if row["period_start"] != starts[row["store_id"]]:
            continue
        figures = {k: row[k] for k in MONTH_FIELDS if k not in ("period_start", "period_end")}
        found[row["store_id"]] = MonthFigures(start=row["period_start"], end=row["period_end"], **figures)
    return found


def _advice(stores: list[Store], today: dict[int, date], months: dict[int, MonthFigures]) -> dict[int, StageAdvice]:
    """The stage and recommendation of each store, decided as the portfolio decides them (three queries)."""
    paces = {k: m.pace_orders for k, m in months.items()}
    statuses, names = stage_statuses(stores, today, paces), stage_names()
    found = {}
    for store in stores:
        status = statuses[store.pk]
        verdict = status["advice"].verdict
        found[store.pk] = StageAdvice(
            plan_id=status["plan_id"],
            stage=status["stage"],
            stage_name=names.get(status["stage"], ""),
            recommendation=str(verdict),
            recommendation_label=str(Recommendation(verdict).label),
            reasons=tuple(reason_texts(status["advice"].reasons)),
        )
    return found


def _alert_items(ids: list[int], today: dict[int, date], link: Links) -> dict[int, list[TodoItem]]:
    """Open critical alerts, and the under-staffed days of the coming week the staffing alert found (not yet
    resolved), in one query."""
    first, horizon = min(today.values()), max(today.values()) + timedelta(days=UNDERSTAFFED_DAYS)
    critical = Q(state=AlertState.OPEN, severity=Severity.CRITICAL) & ~Q(kind__in=OWN_SECTION_KINDS)
    understaffed = Q(kind=AlertKind.UNDERSTAFFED, key__gte=first.isoformat(), key__lt=horizon.isoformat()) & ~Q(
        state=AlertState.RESOLVED
    )
    alerts = (
        Alert.objects.filter(store_id__in=ids)
        .filter(critical | understaffed)
        .select_related("store")
        .order_by("key", "pk")
    )
    found: dict[int, list[TodoItem]] = defaultdict(list)
    for alert in alerts:
        first = today[alert.store_id]
        if alert.kind == AlertKind.UNDERSTAFFED:
            day = date.fromisoformat(alert.key)
            if not first <= day < first + timedelta(days=UNDERSTAFFED_DAYS):
                continue
            kind, due, url = TodoKind.UNDERSTAFFED, day, link("staffing:gap_report", store=alert.store.code)
            name, kwargs = "staffing:gap_report", {"store": alert.store.code}
        else:
            kind, due = TodoKind.ALERT, None
            name, kwargs = "alerts:alert_detail", {"store": alert.store.code, "pk": alert.pk}
            url = link(name, **kwargs)
        found[alert.store_id].append(
            TodoItem(kind, alert.severity, alert.display_title, due, name, kwargs, url, {"alert_id": alert.pk})
        )
    return found


def _reminder_items(stores: list[Store], today: dict[int, date], link: Links) -> dict[int, list[TodoItem]]:
    """Promotions whose stock decision or factory order-by date is near or passed, still undecided."""
    found: dict[int, list[TodoItem]] = defaultdict(list)
    for reminder in promotion_reminders(stores, min(today.values())):
        store, promotion = reminder.store, reminder.promotion
        days_left = (reminder.deadline - today[store.pk]).days
        overdue = days_left < 0
        if reminder.kind == STOCK_DECISION:
            kind, title = TodoKind.STOCK_DECISION, _("Decide the stock for %(name)s by %(date)s")
        else:
            kind, title = TodoKind.FACTORY_ORDER_BY, _("Order from the factory for %(name)s by %(date)s")
        kwargs = {"store": store.code, "pk": promotion.pk}
        found[store.pk].append(
            TodoItem(
                kind,
                Severity.CRITICAL if overdue else Severity.WARNING,
                # The deadline worded against today, as alerts word it: "… by 2026-11-17 (overdue by 20 days)".
                _("%(task)s (%(deadline)s)")
                % {
                    "task": title % {"name": promotion.name, "date": reminder.deadline.isoformat()},
                    "deadline": deadline_text(days_left),
                },
                reminder.deadline,
                "promotions:promotion_detail",
                kwargs,
                link("promotions:promotion_detail", **kwargs),
                {"promotion_id": promotion.pk, "days_left": days_left, "shortfall": reminder.shortfall},
            )
        )
    return found


def _factory_order_items(ids: list[int], today: dict[int, date], link: Links) -> dict[int, list[TodoItem]]:
    """Open factory orders expected today or earlier: to receive, or to chase (one query)."""
    orders = (
        FactoryOrder.objects.filter(
            store_id__in=ids, status=FactoryOrderStatus.OPEN, expected_on__lte=max(today.values())
        )
        .select_related("store", "product")
        .order_by("expected_on", "pk")
    )
    found: dict[int, list[TodoItem]] = defaultdict(list)
    for order in orders:
        if order.expected_on > today[order.store_id]:
            continue
        late = order.expected_on < today[order.store_id]
        text = _("Factory order of %(product)s (%(quantity)s) expected %(date)s: receive it or chase it")
        kwargs = {"store": order.store.code, "pk": order.pk}
        values = {"product": order.product.name, "quantity": numbers.count(order.quantity), "date": order.expected_on}
        found[order.store_id].append(
            TodoItem(
                TodoKind.FACTORY_ORDER_DUE,
                Severity.CRITICAL if late else Severity.WARNING,
                text % values,
                order.expected_on,
                "inventory:factory_order_receive",
                kwargs,
                link("inventory:factory_order_receive", **kwargs),
                {"factory_order_id": order.pk, "sku": order.product.code, "quantity": order.quantity},
            )
        )
    return found


def _stock_items(ids: list[int], today: dict[int, date], link: Links) -> dict[int, list[TodoItem]]:
    """Listed products out of stock, as the inventory planning figures say (a constant number of queries)."""
    listed = Product.objects.filter(store_id__in=ids, is_listed=True).select_related("store").order_by("code")
    found: dict[int, list[TodoItem]] = defaultdict(list)
    # One as_of for all: on-hand does not depend on it, and a one-day projection keeps this cheap.
    for row in product_planning_for(listed, max(today.values()), days=1):
        if not row.is_out_of_stock:
            continue
        product = row.product
        kwargs = {"store": product.store.code, "sku": product.code}
        found[product.store_id].append(
            TodoItem(
                TodoKind.OUT_OF_STOCK,
                Severity.CRITICAL,
                _("%(product)s is listed but out of stock (on hand %(on_hand)s, inbound %(inbound)s)")
                % {
                    "product": product.name,
                    "on_hand": numbers.count(row.on_hand),
                    "inbound": numbers.count(row.inbound_open),
                },
                None,
                "inventory:product_detail",
                kwargs,
                link("inventory:product_detail", **kwargs),
                {"sku": product.code, "on_hand": row.on_hand, "inbound": row.inbound_open},
            )
        )
    return found


def _todo_order(item: TodoItem) -> tuple:
    return (SEVERITY_ORDER.get(item.severity, 3), item.due or date.max, item.title)


def store_briefings(
    stores: Iterable[Store], day: date | None = None, *, now: datetime | None = None, reader: HttpRequest | None = None
) -> list[StoreBriefing]:
    """The briefing of each store, worst first. ``day`` is the date the briefing is for (its "today": yesterday is
    the day before); None takes each store's own today in its time zone at ``now``. ``reader``: the request whose
    user follows the links (a link they may not open is ""); without one every link is "".

    A fixed number of queries whatever the number of stores."""
    stores = list(stores)
    if not stores:
        return []
    moment = now or timezone.now()
    today = {s.pk: day or store_yesterday(s, moment) + timedelta(days=1) for s in stores}
    yesterday = {k: d - timedelta(days=1) for k, d in today.items()}
    ids, link = [s.pk for s in stores], Links(reader, stores)
    days, months = _days(ids, yesterday), _months(ids, yesterday)
    advice = _advice(stores, today, months)
    todo: dict[int, list[TodoItem]] = defaultdict(list)
    for part in (
        _alert_items(ids, today, link),
        _reminder_items(stores, today, link),
        _factory_order_items(ids, today, link),
        _stock_items(ids, today, link),
    ):
        for store_id, items in part.items():
            todo[store_id].extend(items)
    found = []
    for store in stores:
        found.append(
            StoreBriefing(
                store_id=store.pk,
                code=store.code,
                name=store.name,
                platform=store.platform,
                platform_label=str(store.get_platform_display()),
                today=today[store.pk],
                yesterday=yesterday[store.pk],
                day=days.get(store.pk),
                month=months.get(store.pk),
                advice=advice[store.pk],
                todo=tuple(sorted(todo[store.pk], key=_todo_order)),
                dashboard_url=link("dashboards:store", store=store.code),
                days_url=_days_url(link, store.code, yesterday[store.pk]),
            )
        )
    return worst_first(found)


def _days_url(link: Links, code: str, day: date) -> str:
    url = link("dashboards:days", store=code)
    return f"{url}?from={day.isoformat()}&to={day.isoformat()}" if url else ""


def briefing_stores(user: Any) -> list[Store]:
    """The stores whose briefing ``user`` reads: every store they may see."""
    return list(stores_for(user, Action.VIEW).order_by("name", "code"))


def briefing(
    user: Any, day: date | None = None, *, now: datetime | None = None, request: HttpRequest | None = None
) -> Briefing:
    """``user``'s briefing for ``day`` (None: each store's own today): their stores, worst first, with links they
    may follow (decided on ``request``, or on a request of ``user`` when there is none)."""
    stores = briefing_stores(user)
    reader = request or reader_request(user)
    return Briefing(
        user_id=getattr(user, "pk", None), day=day, stores=tuple(store_briefings(stores, day, now=now, reader=reader))
    )
