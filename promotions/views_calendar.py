"""The month calendars, the .ics feed and its keys, and the CSV/XLSX export and import of promotions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import LOGIN, public, with_rule
from accounts.choices import Action
from core import numbers
from core.dates import local_date, month_or
from core.spreadsheet import FORMATS, export_response
from stores.permissions import stores_for

from .calendar import calendar_month
from .feeds import feed_key_live, feed_key_revoke, feed_key_rotate, feed_user, store_calendar
from .forms import ImportForm
from .selectors import promotion_plans, promotions_with_details
from .tabular import COLUMNS, export_table, promotions_import
from .views import EDIT, VIEW, store_today

FEED_PAST_DAYS = 180


@with_rule(LOGIN)
def calendar_all(request: HttpRequest) -> HttpResponse:
    """The month across the user's stores (or one of them, ``?store=``)."""
    stores = stores_for(request.user, Action.VIEW).order_by("name")
    chosen = request.GET.get("store") or ""
    shown = stores.filter(code=chosen) if chosen else stores
    as_of = timezone.localdate()
    month = calendar_month(shown, month_or(request.GET.get("month"), as_of.replace(day=1)), as_of)
    context = {"month": month, "stores": stores, "chosen": chosen, "store": None, "multi_store": True}
    return render(request, "promotions/calendar.html", context)


@with_rule(VIEW)
def calendar_store(request: HttpRequest, store: str) -> HttpResponse:
    as_of = store_today(request)
    month = calendar_month([request.store], month_or(request.GET.get("month"), as_of.replace(day=1)), as_of)
    context = {"month": month, "store": request.store, "multi_store": False}
    return render(request, "promotions/calendar.html", context)


def _feed_url(request: HttpRequest, key: str, code: str) -> str:
    return request.build_absolute_uri(reverse("promotions:store_feed", kwargs={"key": key, "code": code}))


@with_rule(LOGIN)
def feed_keys(request: HttpRequest) -> HttpResponse:
    """The user's calendar subscription key: create or rotate it (shown once), or revoke it."""
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feed_key_revoke(request.user)
            messages.success(request, _("Calendar subscriptions stopped: the old addresses no longer work."))
            return redirect("promotions:feed_keys")
        new_key = feed_key_rotate(request.user)
        messages.success(request, _("New calendar key made; any address with the old key stopped working."))
    stores = stores_for(request.user, Action.VIEW).order_by("name")
    links = [(store, _feed_url(request, new_key, store.code)) for store in stores] if new_key else []
    context = {"live": feed_key_live(request.user), "links": links, "stores": stores}
    response = render(request, "promotions/feed_keys.html", context)
    response["Cache-Control"] = "no-store"  # the page may show a key once
    return response


@public
def store_feed(request: HttpRequest, key: str, code: str) -> HttpResponse:
    """A store's promotions and deadlines as .ics, read with the user's feed key (no session)."""
    user = feed_user(key)
    store = stores_for(user, Action.VIEW).filter(code=code).first() if user else None
    if store is None:
        raise Http404  # a wrong key and a store the key cannot read look the same
    as_of = local_date(store.time_zone, timezone.now())
    promotions = list(
        promotions_with_details()
        .filter(store=store, end_date__gte=as_of - timedelta(days=FEED_PAST_DAYS))
        .order_by("start_date", "pk")
    )
    body = store_calendar(store, promotion_plans(promotions, as_of), request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{store.code}-promotions.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response


@with_rule(VIEW)
def export(request: HttpRequest, store: str, fmt: str) -> HttpResponse:
    """The store's promotions with their phases and SKUs, in the columns the import reads."""
    if fmt not in FORMATS:
        raise Http404
    promotions = promotions_with_details().filter(store=request.store).order_by("start_date", "pk")
    return export_response(export_table(request.store, promotions), fmt, f"{store}-promotions")


@with_rule(EDIT)
def import_file(request: HttpRequest, store: str) -> HttpResponse:
    """Upload promotions; every row is checked, and all are saved or none, with a report of each row's errors."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = promotions_import(request.store, upload.read(), upload.name)
        if not result.errors:
            messages.success(
                request,
                _("Imported: %(created)s promotions added, %(updated)s changed, %(items)s SKU lines saved.")
                % {
                    "created": numbers.count(result.created),
                    "updated": numbers.count(result.updated),
                    "items": numbers.count(result.items),
                },
            )
            return redirect("promotions:promotion_list", store=store)
        status = 422
    context = {"store": request.store, "form": form, "result": result, "columns": COLUMNS}
    return render(request, "promotions/import.html", context, status=status)
