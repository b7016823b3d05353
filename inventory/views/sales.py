"""The customer-service page for the day's sales per SKU, and the products upload (import) with its progress."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from accounts.access import LOGIN, store_rule
from accounts.choices import Action
from core import numbers
from core.dates import date_or
from core.spreadsheet import FORMATS, export_response
from funnel.choices import SERVICE_LOG_SOURCE
from imports.choices import ImportKind
from imports.forms import UploadForm
from imports.selectors import recent_import_jobs
from imports.services import MAX_UPLOAD_BYTES, import_job_create
from imports.views import ImportJobPageView
from stores.models import Store

from ..exports import template_table
from ..forms import SalesEntryForm, initial_sales
from ..product_rows import COLUMNS, REQUIRED_COLUMNS
from ..sales import MAX_DAYS_AHEAD, SalesRecord
from ..selectors import sales_entries, store_products
from ..services import StockWarning, sales_ingest
from ..services.imports import MAX_UPLOAD_ROWS
from .common import announce_warnings, store_today


def _day(request: HttpRequest, today: date) -> date:
    return min(date_or(request.GET.get("date"), today), today + timedelta(days=MAX_DAYS_AHEAD))


class SalesEntryView(View):
    """One form for a day's units sold and returned per SKU, written all or nothing as customer-service day
    totals; entering a day again replaces its figures."""

    access_rule = store_rule(Action.LOG_ORDERS)
    template_name = "inventory/sales_entry.html"

    def _products(self, day: date) -> tuple[list[Any], dict[int, dict[str, int]]]:
        entered = sales_entries(self.request.store, day, SERVICE_LOG_SOURCE)
        products = [p for p in store_products(self.request.store) if p.is_listed or p.pk in entered]
        return products, entered

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = store_today(request.store)
        day = _day(request, today)
        products, entered = self._products(day)
        form = SalesEntryForm(initial={"date": day, **initial_sales(entered)}, products=products)
        return self._render(form, day, today)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        store = request.store
        today = store_today(store)
        day = _day(request, today)
        products, _entered = self._products(day)
        form = SalesEntryForm(request.POST, products=products)
        if form.is_valid():
            day = form.cleaned_data["date"]
            if day > today + timedelta(days=MAX_DAYS_AHEAD):
                form.add_error("date", _("Days up to tomorrow can be entered."))
        if not form.is_valid():
            return self._render(form, day, today, status=400)
        records = [
            SalesRecord(i, store.code, product.code, product.pk, day, sold, returned)
            for i, (product, sold, returned) in enumerate(form.entries())
        ]
        _status, body = sales_ingest(records, SERVICE_LOG_SOURCE, user=request.user)
        messages.success(
            request,
            _("Saved the sales of %(date)s: %(created)s added, %(updated)s changed, %(unchanged)s unchanged.")
            % {"date": day.isoformat(), **{k: numbers.count(body[k]) for k in ("created", "updated", "unchanged")}},
        )
        announce_warnings(request, [_warning(w) for w in body["warnings"]])
        return redirect(f"{reverse('inventory:sales_entry', kwargs={'store': store.code})}?date={day.isoformat()}")

    def _render(self, form: SalesEntryForm, day: date, today: date, status: int = 200) -> HttpResponse:
        context = {
            "store": self.request.store,
            "form": form,
            "day": day,
            "today": today,
            "max_day": today + timedelta(days=MAX_DAYS_AHEAD),
        }
        return render(self.request, self.template_name, context, status=status)


def _warning(data: dict[str, Any]) -> StockWarning:
    return StockWarning(data["store"], data["sku"], data["on_hand"])


class ProductTemplateView(View):
    """The header row of a products upload, as products-template.csv or .xlsx."""

    access_rule = LOGIN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if kwargs["fmt"] not in FORMATS:
            raise Http404
        return export_response(template_table(), kwargs["fmt"], "products-template")


class ProductUploadView(FormView):
    """Upload a products file; every row is checked, then all are saved or none (with a per-row report)."""

    access_rule = store_rule(Action.EDIT_INVENTORY)
    template_name = "inventory/upload.html"
    form_class = UploadForm

    def form_valid(self, form: UploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        job = import_job_create(
            self.request.store, self.request.user, upload.name, upload.read(), kind=ImportKind.PRODUCTS
        )
        return redirect(job)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "store": self.request.store,
            "columns": COLUMNS,
            "required": REQUIRED_COLUMNS,
            "max_rows": MAX_UPLOAD_ROWS,
            "max_bytes": MAX_UPLOAD_BYTES,
            "recent_imports": recent_import_jobs(self.request.store, kind=ImportKind.PRODUCTS),
        }


class ImportJobView(ImportJobPageView):
    """A products import's progress and outcome."""

    access_rule = store_rule(Action.EDIT_INVENTORY)
    kind = ImportKind.PRODUCTS
    template_name = "inventory/import_job.html"

    def links(self, store: Store) -> dict[str, str]:
        return {
            "log_url": reverse("inventory:product_list", kwargs={"store": store.code}),
            "upload_url": reverse("inventory:product_upload", kwargs={"store": store.code}),
        }
