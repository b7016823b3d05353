"""Editing a rota by hand: a role's shift patterns, adding a shift, moving it to another person or day (the form
the calendar's drag and drop submits too) and removing it. Only the store's ops manager reaches these."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import with_rule
from core import numbers
from core.forms import service_errors_apply

from .forms import PatternForm, ShiftForm
from .models import Shift, ShiftPattern
from .selectors import patterns_of
from .services import (
    RotaInvalid,
    ShiftConflict,
    pattern_create,
    pattern_delete,
    patterns_seed_defaults,
    shift_create,
    shift_delete,
    shift_update,
)
from .views import EDIT, calendar_url, role_of


@with_rule(EDIT)
def patterns(request: HttpRequest, store: str, role: str) -> HttpResponse:
    """The role's shift patterns; add one, or the role's defaults."""
    staff = role_of(role)
    form = PatternForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if request.POST.get("action") == "defaults":
            created = patterns_seed_defaults(request.store, staff)
            messages.success(request, _("%(count)s default shifts added.") % {"count": numbers.count(len(created))})
            return redirect("rotas:patterns", store=store, role=role)
        if form.is_valid():
            try:
                pattern_create(request.store, staff, form.cleaned_data)
            except RotaInvalid as exc:
                service_errors_apply(form, exc)
            else:
                messages.success(request, _("Shift added."))
                return redirect("rotas:patterns", store=store, role=role)
    context = {"store": request.store, "role": staff, "patterns": patterns_of(request.store, staff), "form": form}
    return render(request, "rotas/patterns.html", context)


@require_POST
@with_rule(EDIT)
def pattern_remove(request: HttpRequest, store: str, role: str, pk: int) -> HttpResponse:
    staff = role_of(role)
    pattern = get_object_or_404(ShiftPattern, pk=pk, store=request.store, role=staff)
    pattern_delete(pattern)
    messages.success(request, _("Shift removed with its planned days."))
    return redirect("rotas:patterns", store=store, role=role)


@with_rule(EDIT)
def shift_new(request: HttpRequest, store: str, role: str) -> HttpResponse:
    """Add a shift by hand (``?date=`` fills the day)."""
    staff = role_of(role)
    form = ShiftForm(request.POST or None, store=request.store, role=staff, initial={"date": request.GET.get("date")})
    if request.method == "POST" and form.is_valid():
        try:
            shift = shift_create(request.store, *[form.cleaned_data[k] for k in ("pattern", "person", "date", "state")])
        except RotaInvalid as exc:
            service_errors_apply(form, exc)
        else:
            messages.success(request, _("Shift added."))
            return redirect(calendar_url(store, role, shift.date.replace(day=1)))
    context = {"store": request.store, "role": staff, "form": form, "shift": None}
    return render(request, "rotas/shift_form.html", context)


def _shift(request: HttpRequest, pk: int) -> Shift:
    return get_object_or_404(Shift.objects.select_related("pattern__role", "person"), pk=pk, store=request.store)


@with_rule(EDIT)
def shift_edit(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    """Move a shift to another person, day or pattern of the role, or confirm it."""
    shift = _shift(request, pk)
    staff = shift.pattern.role
    initial = {
        "pattern": shift.pattern,
        "person": shift.person,
        "date": shift.date,
        "state": shift.state,
        "version": shift.version,
    }
    form = ShiftForm(request.POST or None, store=request.store, role=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            moved = shift_update(shift, form.values(), form.cleaned_data.get("version") or 0)
        except RotaInvalid as exc:
            service_errors_apply(form, exc)
        except ShiftConflict as exc:
            form.add_error(None, _("Someone changed this shift since you opened it; check it and save again."))
            form.data = form.data.copy()
            form.data["version"] = exc.shift.version
        else:
            messages.success(request, _("Shift saved."))
            return redirect(calendar_url(store, staff.code, moved.date.replace(day=1)))
        if request.POST.get("from") == "calendar":
            for error in form.non_field_errors() + [e for f in form for e in f.errors]:
                messages.error(request, error)
            return redirect(calendar_url(store, staff.code, shift.date.replace(day=1)))
    context = {"store": request.store, "role": staff, "form": form, "shift": shift}
    return render(request, "rotas/shift_form.html", context)


@require_POST
@with_rule(EDIT)
def shift_remove(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    shift = _shift(request, pk)
    shift_delete(shift)
    messages.success(request, _("Shift removed."))
    return redirect(calendar_url(store, shift.pattern.role.code, shift.date.replace(day=1)))
