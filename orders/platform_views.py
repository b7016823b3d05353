"""The pages of a platform export's import: upload, preview (platform, mapping, rows as read, every problem), then
the import's progress and outcome."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.access import store_rule
from accounts.choices import Action
from funnel.exports import FIELDS, PRESETS
from funnel.services.exports import MAX_EXPORT_BYTES, MAX_EXPORT_ROWS, ExportPreview, export_mapping_keep
from imports.choices import ImportKind
from imports.models import ImportJob
from imports.selectors import recent_import_jobs
from imports.services import import_job_confirm, import_job_create
from imports.views import PROGRESS_TEMPLATE
from stores.permissions import stores_for

from .platform_exports import job_preview
from .platform_forms import ExportMappingForm, ExportUploadForm

KIND = ImportKind.PLATFORM_EXPORT


class PlatformExportUploadView(View):
    """Upload a platform's daily report for one of one's stores; nothing is written before the preview is confirmed."""

    access_rule = store_rule(Action.IMPORT_EXPORTS)
    template_name = "orders/platform_export_upload.html"

    def _form(self, data: Any = None, files: Any = None) -> ExportUploadForm:
        stores = stores_for(self.request.user, Action.IMPORT_EXPORTS).order_by("name")
        return ExportUploadForm(data, files, stores=stores, initial={"store": self.request.store.code})

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(self._form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form, status=400)
        upload = form.cleaned_data["file"]
        job = import_job_create(
            form.cleaned_data["store"], request.user, upload.name, upload.read(), KIND, preview=True
        )
        return redirect(job)

    def _render(self, form: ExportUploadForm, status: int = 200) -> HttpResponse:
        context = {
            "store": self.request.store,
            "form": form,
            "form_testid": "export-upload-form",
            "presets": list(PRESETS.values()),
            "max_rows": MAX_EXPORT_ROWS,
            "max_bytes": MAX_EXPORT_BYTES,
            "recent_imports": recent_import_jobs(self.request.store, kind=KIND),
        }
        return render(self.request, self.template_name, context, status=status)


class PlatformExportView(View):
    """A platform export's preview until it is confirmed (the mapping can be corrected and is kept for the store),
    then its import's progress and outcome; htmx polls it and gets just the progress fragment."""

    access_rule = store_rule(Action.IMPORT_EXPORTS)

    def _job(self) -> ImportJob:
        job = ImportJob.objects.select_related("store", "created_by").filter(
            store=self.request.store, pk=self.kwargs["pk"], kind=KIND
        )
        found = job.first()
        if found is None:
            raise Http404
        return found

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self._job()
        if not job.is_preview:
            return self._progress(job)
        preview = job_preview(job)
        initial = ExportMappingForm.initial_for(preview.platform, preview.mapping, preview.headers)
        return self._render(job, preview, ExportMappingForm(initial=initial, headers=preview.headers))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self._job()
        if not job.is_preview:
            return redirect(job)
        preview = job_preview(job)
        if request.POST.get("action") == "import":
            if not preview.ready:
                initial = ExportMappingForm.initial_for(preview.platform, preview.mapping, preview.headers)
                messages.error(request, _("Nothing was imported: fix the problems listed below first."))
                return self._render(job, preview, ExportMappingForm(initial=initial, headers=preview.headers), 400)
            first, last = preview.dates or (None, None)
            options = {"platform": preview.platform, "mapping": preview.mapping}
            import_job_confirm(job, options | {"first": first.isoformat(), "last": last.isoformat()})
            return redirect(job)
        form = ExportMappingForm(request.POST, headers=preview.headers)
        if not form.is_valid():
            return self._render(job, preview, form, status=400)
        platform, mapping = form.cleaned_data["platform"], form.mapping()
        job.options = {"platform": platform, "mapping": mapping}
        job.save(update_fields=["options"])
        export_mapping_keep(job.store, preview.headers, platform, mapping, request.user)
        messages.success(request, _("The mapping is saved; this store's next files with these columns will use it."))
        return redirect(job)

    def _render(
        self, job: ImportJob, preview: ExportPreview, form: ExportMappingForm, status: int = 200
    ) -> HttpResponse:
        store = self.request.store
        context = {
            "store": store,
            "job": job,
            "preview": preview,
            "form": form,
            "columns": (columns := _row_fields(preview)),
            "table": [
                (row, [(spec.kind.value, row.values.get(key)) for key, spec in columns]) for row in preview.first_rows
            ],
            "upload_url": reverse("orders:platform_export_upload", kwargs={"store": store.code}),
        }
        return render(self.request, "orders/platform_export_preview.html", context, status=status)

    def _progress(self, job: ImportJob) -> HttpResponse:
        store = self.request.store
        days = reverse("dashboards:days", kwargs={"store": store.code})
        if job.options.get("first"):
            days += f"?from={job.options['first']}&to={job.options['last']}"
        context = {
            "store": store,
            "job": job,
            "log_url": days,
            "upload_url": reverse("orders:platform_export_upload", kwargs={"store": store.code}),
        }
        template = PROGRESS_TEMPLATE if self.request.htmx else "orders/platform_export_job.html"
        return render(self.request, template, context)


def _row_fields(preview: ExportPreview) -> list[tuple[str, Any]]:
    """The fields the preview's table shows: those the mapping reads and opsplan stores, in the reader's order."""
    mapped = set(preview.mapping.values())
    return [(key, spec) for key, spec in FIELDS.items() if key in mapped and key != "date" and not spec.derived]
