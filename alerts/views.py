"""Pages of the alerts: parse the request, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_filters.views import FilterView

from accounts.access import LOGIN, store_rule, with_rule
from accounts.choices import Action
from stores.links import allowed_url
from stores.permissions import can, stores_for

from .choices import AlertState
from .filtersets import UNRESOLVED, AlertFilterSet
from .forms import NoteForm
from .models import Alert
from .selectors import alert_events, alerts_for
from .services import AlertStateConflict, alert_acknowledge, alert_resolve


class AlertListView(FilterView):
    """Alerts of the user's stores; without a state filter, the unresolved ones."""

    access_rule = LOGIN
    filterset_class = AlertFilterSet
    template_name = "alerts/alert_list.html"
    paginate_by = 50

    def get_queryset(self):
        return alerts_for(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        data.setdefault("state", UNRESOLVED)
        kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stores"] = stores_for(self.request.user, Action.VIEW).order_by("name")
        for alert in context["object_list"]:
            alert.subject_url = subject_url(self.request, alert)
        return context


def subject_url(request: HttpRequest, alert: Alert) -> str:
    """The page of what the alert is about that the reader may open (the first of its rule's pages), or ""."""
    for subject in alert.subjects:
        url = allowed_url(request, subject.url_name, store=alert.store.code, **subject.kwargs)
        if url:
            return f"{url}?{subject.query}" if subject.query else url
    return ""


def _alert(request: HttpRequest, pk: int) -> Alert:
    return get_object_or_404(Alert.objects.select_related("store", "acknowledged_by"), pk=pk, store=request.store)


class AlertDetailView(TemplateView):
    """One alert with its history; the store's ops managers acknowledge or resolve it here."""

    access_rule = store_rule(Action.VIEW)
    template_name = "alerts/alert_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        alert = _alert(self.request, kwargs["pk"])
        context.update(
            alert=alert,
            subject_url=subject_url(self.request, alert),
            store=self.request.store,
            events=alert_events(alert),
            can_act=can(self.request.user, Action.EDIT_PLAN, self.request.store),
            can_acknowledge=alert.state == AlertState.OPEN,
            can_resolve=alert.state != AlertState.RESOLVED,
            note_form=NoteForm(),
        )
        return context


@require_POST
@with_rule(store_rule(Action.EDIT_PLAN))
def alert_transition(request: HttpRequest, store: str, pk: int, action: str) -> HttpResponse:
    alert = _alert(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long."))
        return redirect(alert)
    note = form.cleaned_data["note"]
    try:
        if action == "acknowledge":
            alert_acknowledge(alert, request.user, note)
            messages.success(request, _("Alert acknowledged."))
        else:
            alert_resolve(alert, request.user, note)
            messages.success(request, _("Alert resolved."))
    except AlertStateConflict as exc:
        messages.error(request, str(exc))
    return redirect(alert)
