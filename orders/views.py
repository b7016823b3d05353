"""Pages of the customer-service log: parse the request, call a selector or service, render."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.access import LOGIN, store_rule
from accounts.choices import Action
from core.dates import local_date
from core.history import change_display
from core.playbook import POSITIVE_RATE_TARGET
from imports.choices import ImportKind
from imports.forms import UploadForm
from imports.selectors import recent_import_jobs
from imports.services import MAX_UPLOAD_BYTES, import_job_create
from imports.views import ImportJobPageView
from stores.models import Store

from .domain import COLUMNS, Counting
from .exports import logs_csv, template_csv
from .forms import LogPickerForm, ServiceLogForm, picker_max_date
from .models import ServiceLog
from .selectors import (
    RECENT_DAYS,
    log_countings,
    log_history,
    log_values,
    loggable_stores,
    loggable_stores_today,
    logs_between,
    recent_log_days,
    service_log_for,
)
from .services import MAX_UPLOAD_ROWS, ServiceLogInvalid, service_log_save

EXPORT_DAYS = 90
MAX_EXPORT_DAYS = 366


def log_url(store_code: str, day: date) -> str:
    return f"{reverse('orders:service_log', kwargs={'store': store_code})}?date={day.isoformat()}"


def _csv_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


class OrdersHomeView(TemplateView):
    """The stores one logs for with today's status of each; picking a store and day opens its log."""

    access_rule = LOGIN
    template_name = "orders/home.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        now = timezone.now()
        stores_today = loggable_stores_today(request.user, now)
        stores = [entry.store for entry in stores_today]
        initial = {"store": stores[0].code, "date": stores_today[0].today} if stores else {}
        data = request.GET if "store" in request.GET else None
        picker = LogPickerForm(data, stores=stores, now=now, initial=initial)
        if picker.is_bound and picker.is_valid():
            return redirect(log_url(picker.cleaned_data["store"].code, picker.cleaned_data["date"]))
        return self.render_to_response({"stores_today": stores_today, "picker": picker})


class ServiceLogView(TemplateView):
    """One store's log: pick a day, enter or correct its figures, see the last two weeks and the day's history."""

    access_rule = store_rule(Action.LOG_ORDERS)
    template_name = "orders/service_log.html"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()

    def _picker(self) -> LogPickerForm:
        store = self.request.store
        today = local_date(store.time_zone, self.now)
        data = {"store": store.code, "date": self.request.GET.get("date") or today.isoformat()}
        return LogPickerForm(data, stores=list(loggable_stores(self.request.user)), now=self.now)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        picker = self._picker()
        day = picker.cleaned_data["date"] if picker.is_valid() else None
        log = service_log_for(request.store, day) if day else None
        form = ServiceLogForm(initial=log_values(log) if log else None) if day else None
        return self.render_to_response(self._context(picker, day, log, form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        picker = self._picker()
        if not picker.is_valid():
            return self.render_to_response(self._context(picker, None, None, None), status=400)
        day = picker.cleaned_data["date"]
        form = ServiceLogForm(request.POST)
        if form.is_valid():
            try:
                result = service_log_save(request.store, day, form.values(), request.user, now=self.now)
            except ServiceLogInvalid as exc:
                for problem in exc.problems:
                    field = problem.fields[0] if problem.fields[0] in form.fields else None
                    form.add_error(field, problem.message)
            else:
                counting = log_countings(request.store, day, day)[day]
                self._announce(result.created, result.changed, day, counting)
                return redirect(log_url(request.store.code, day))
        log = service_log_for(request.store, day)
        return self.render_to_response(self._context(picker, day, log, form))

    def _announce(self, created: bool, changed: bool, day: date, counting: Counting) -> None:
        """Say what was saved and whether it is the figure the dashboards count: never that it counts when the
        store's source policy counts another source's."""
        params = {"date": day.isoformat(), "store": self.request.store.name, "reason": counting.reason}
        if counting.counted:
            if created:
                text = _("Saved the log of %(store)s for %(date)s. It is the figure the dashboards count.")
            elif changed:
                text = _(
                    "Saved the changes to %(date)s; the previous figures are kept in the history. "
                    "It is the figure the dashboards count."
                )
            else:
                text = _("Nothing changed for %(date)s.")
            level = messages.SUCCESS if created or changed else messages.INFO
        else:
            if created:
                text = _("Saved the log of %(store)s for %(date)s, but it is not the counted figure: %(reason)s.")
            elif changed:
                text = _(
                    "Saved the changes to %(date)s (the previous figures are kept in the history), but the log is "
                    "not the counted figure: %(reason)s."
                )
            else:
                text = _("Nothing changed for %(date)s; the log is not the counted figure: %(reason)s.")
            level = messages.WARNING
        messages.add_message(self.request, level, text % params)

    def _context(
        self, picker: LogPickerForm, day: date | None, log: Any, form: ServiceLogForm | None
    ) -> dict[str, Any]:
        store = self.request.store
        today = local_date(store.time_zone, self.now)
        history = [
            {
                "changed_at": entry.changed_at,
                "changed_by": entry.changed_by,
                "changes": [change_display(ServiceLog, c.field, c.old, c.new) for c in entry.changes],
            }
            for entry in (log_history(log) if log else [])
        ]
        recent_days = recent_log_days(store, today)
        counting = next((row.counting for row in recent_days if row.day == day), None)
        if log is not None and counting is None:
            counting = log_countings(store, day, day).get(day)
        return {
            "store": store,
            "picker": picker,
            "picker_max": picker_max_date(store, self.now),
            "day": day,
            "today": today,
            "log": log,
            "form": form,
            "history": history,
            "counting": counting,
            "recent_days": recent_days,
            "recent_count": RECENT_DAYS,
            "rate_target": POSITIVE_RATE_TARGET,
            "export_days": EXPORT_DAYS,
        }


class ServiceLogExportView(View):
    """The store's logs of the last ``?days=`` days (90 by default) as CSV, safe to open in a spreadsheet."""

    access_rule = store_rule(Action.LOG_ORDERS)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        store = request.store
        try:
            days = min(max(int(request.GET.get("days", EXPORT_DAYS)), 1), MAX_EXPORT_DAYS)
        except ValueError:
            days = EXPORT_DAYS
        today = local_date(store.time_zone, timezone.now())
        logs = logs_between(store, today - timedelta(days=days - 1), today + timedelta(days=1))
        return _csv_response(logs_csv(logs), f"service-log-{store.code}-{today.isoformat()}.csv")


class UploadTemplateView(View):
    """The header row of an upload, as a CSV file to fill in."""

    access_rule = LOGIN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _csv_response(template_csv(), "service-log-template.csv")


class ServiceLogUploadView(FormView):
    """Upload many days at once; the import runs in the background and its page shows the progress."""

    access_rule = store_rule(Action.LOG_ORDERS)
    template_name = "orders/upload.html"
    form_class = UploadForm

    def form_valid(self, form: UploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        job = import_job_create(self.request.store, self.request.user, upload.name, upload.read())
        return redirect(job)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            store=self.request.store,
            columns=COLUMNS,
            max_rows=MAX_UPLOAD_ROWS,
            max_bytes=MAX_UPLOAD_BYTES,
            recent_imports=recent_import_jobs(self.request.store),
        )
        return context


class ImportJobView(ImportJobPageView):
    """A log upload's progress and outcome."""

    access_rule = store_rule(Action.LOG_ORDERS)
    kind = ImportKind.SERVICE_LOG
    template_name = "orders/import_job.html"

    def links(self, store: Store) -> dict[str, str]:
        return {
            "log_url": reverse("orders:service_log", kwargs={"store": store.code}),
            "upload_url": reverse("orders:service_log_upload", kwargs={"store": store.code}),
        }
