"""Pages of a store's roster: its people with their assignments (in every store) and time off."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import with_rule
from core.forms import service_errors_apply
from stores.members import TeamInvalid

from ..forms import AssignmentFormSet, PersonForm, TimeOffForm
from ..models import Person, TimeOff
from ..selectors import assignments_seen_by, store_people
from ..services import (
    StaffingInvalid,
    person_memberships_grant,
    person_memberships_missing,
    person_save,
    shared_fields_editable,
    time_off_add,
    time_off_delete,
)
from .common import EDIT, VIEW, can_edit, managed_stores, person_or_404, readable_store_ids, store_today


@with_rule(VIEW)
def roster(request: HttpRequest, store: str) -> HttpResponse:
    """Everyone assigned to the store, with their assignments in every store and their coming time off."""
    today = store_today(request.store)
    people = list(store_people(request.store))
    assignments_seen_by(people, readable_store_ids(request))
    context = {"store": request.store, "people": people, "today": today, "can_edit": can_edit(request), "tab": "roster"}
    return render(request, "staffing/roster.html", context)


def _initial_assignments(request: HttpRequest, person: Person | None) -> list[dict[str, Any]]:
    if person is None:
        return [{"store": request.store, "share": 1}]
    managed = {s.pk for s in managed_stores(request)}
    return [
        {"store": a.store, "role": a.role, "share": a.share, "start_date": a.start_date, "end_date": a.end_date}
        for a in person.assignments.all()
        if a.store_id in managed
    ]


def _person_form(request: HttpRequest, person: Person | None) -> HttpResponse:
    stores = managed_stores(request)
    data = request.POST if request.method == "POST" else None
    shared_editable = shared_fields_editable(person, {s.pk for s in stores})
    form = PersonForm(data, instance=person, stores=stores, shared_editable=shared_editable)
    initial = _initial_assignments(request, person)
    formset = AssignmentFormSet(data, initial=initial, prefix="assignments", form_kwargs={"stores": stores})
    if person is None:
        formset.extra = 0 if initial else 1
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                saved = person_save(person, form.values(), formset.values(), {s.pk for s in stores})
                granted = person_memberships_grant(saved, request.user) if form.cleaned_data["grant_membership"] else []
        except StaffingInvalid as exc:
            service_errors_apply(form, exc)
        except TeamInvalid as exc:
            form.add_error("grant_membership", exc.messages)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
            _membership_messages(request, saved, granted)
            if not saved.assignments.filter(store=request.store).exists():
                return redirect("staffing:roster", store=request.store.code)
            return redirect("staffing:person_detail", store=request.store.code, pk=saved.pk)
    if person is not None:
        assignments_seen_by([person], {s.pk for s in stores})
    context = {
        "store": request.store,
        "form": form,
        "formset": formset,
        "person": person,
        "shared_editable": shared_editable,
    }
    return render(request, "staffing/person_form.html", context, status=400 if form.errors or formset.errors else 200)


def _membership_messages(request: HttpRequest, person: Person, granted: list) -> None:
    """What the roster's membership offer did, or still offers: a linked login without a role in a store the person
    is assigned to and whose team the editor manages."""
    for membership in granted:
        messages.success(
            request,
            _("%(name)s now has the role %(role)s in the team of %(store)s.")
            % {"name": person.name, "role": membership.get_role_display(), "store": membership.store.name},
        )
    for assignment in person_memberships_missing(person, request.user):
        messages.info(
            request,
            _(
                "The login of %(name)s has no role in the team of %(store)s yet: tick “give their login the role "
                "of their assignment” when you edit them, or add them on the store's team page."
            )
            % {"name": person.name, "store": assignment.store.name},
        )


@with_rule(EDIT)
def person_new(request: HttpRequest, store: str) -> HttpResponse:
    return _person_form(request, None)


@with_rule(EDIT)
def person_edit(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    return _person_form(request, person_or_404(request, pk))


def _detail(request: HttpRequest, person: Person, form: TimeOffForm | None = None, status: int = 200) -> HttpResponse:
    assignments_seen_by([person], readable_store_ids(request))
    context = {
        "store": request.store,
        "person": person,
        "today": store_today(request.store),
        "can_edit": can_edit(request),
        "time_off_form": form or TimeOffForm(),
    }
    return render(request, "staffing/person_detail.html", context, status=status)


@with_rule(VIEW)
def person_detail(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    return _detail(request, person_or_404(request, pk))


@require_POST
@with_rule(EDIT)
def time_off_new(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    person = person_or_404(request, pk)
    form = TimeOffForm(request.POST)
    if form.is_valid():
        try:
            time_off_add(person, form.cleaned_data)
        except StaffingInvalid as exc:
            service_errors_apply(form, exc)
        else:
            messages.success(request, _("Time off recorded."))
            return redirect("staffing:person_detail", store=store, pk=person.pk)
    return _detail(request, person, form, status=400)


@require_POST
@with_rule(EDIT)
def time_off_remove(request: HttpRequest, store: str, pk: int, time_off_pk: int) -> HttpResponse:
    person = person_or_404(request, pk)
    time_off = get_object_or_404(TimeOff, pk=time_off_pk, person=person)
    time_off_delete(time_off)
    messages.success(request, _("Time off removed."))
    return redirect("staffing:person_detail", store=store, pk=person.pk)
