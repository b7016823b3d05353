"""The page of one import job, for the apps whose uploads become import jobs: each subclasses it with its kind,
its access rule, its page and the links back to where the upload came from."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from stores.models import Store

from .selectors import import_job_for

PROGRESS_TEMPLATE = "imports/_progress.html"


class ImportJobPageView(View):
    """An import's progress and outcome; htmx polls it and gets just the progress fragment."""

    kind: str
    template_name: str  # extends imports/job_page.html

    def links(self, store: Store) -> dict[str, str]:
        """The page's ways back: ``log_url`` (where the rows are) and ``upload_url`` (upload a corrected file)."""
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = import_job_for(request.store, kwargs["pk"], kind=self.kind)
        if job is None:
            raise Http404
        template = PROGRESS_TEMPLATE if request.htmx else self.template_name
        return render(request, template, {"store": request.store, "job": job, **self.links(request.store)})
