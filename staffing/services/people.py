"""Writes of people: their details, their assignments to stores (shares of their time) and their time off."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import Action
from core.db import advisory_lock
from stores.members import member_add
from stores.models import Membership, Store
from stores.permissions import stores_for

from ..domain import overlapping, share_overflow
from ..models import Assignment, Person, StaffRole, TimeOff
from .common import StaffingForbidden, StaffingInvalid

PERSON_FIELDS = ("name", "user", "employment_type", "weekly_hours", "start_date", "end_date", "phone", "notes")
# A person's own details belong to every store they serve: their login (whose "my shifts" lists their shifts in all
# of them), their hours and dates (each store's staffing counts them), their name and contact. Only someone who
# manages every one of those stores changes them; a store's manager changes the person's assignment there.
SHARED_FIELDS = PERSON_FIELDS
PERSON_DEFAULTS = {"employment_type": "full_time", "weekly_hours": Decimal(40), "phone": "", "notes": ""}


@dataclass(frozen=True)
class AssignmentInput:
    """An assignment as a form or the API sends it; ``pk`` None for a new one."""

    store: Store
    role: StaffRole
    share: Decimal
    start_date: date | None = None
    end_date: date | None = None
    pk: int | None = None


def _check_person(values: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not str(values.get("name") or "").strip():
        errors["name"] = [_("Give the person's name.")]
    start, end = values.get("start_date"), values.get("end_date")
    if start is None:
        errors["start_date"] = [_("Give the day the person starts.")]
    elif end is not None and end < start:
        errors["end_date"] = [_("The person leaves before they start.")]
    user = values.get("user")
    if user is not None:
        taken = Person.objects.filter(user=user).exclude(pk=values.get("pk")).first()
        if taken is not None:
            errors["user"] = [_("This user is already linked to another person.")]
    return errors


def _check_shares(kept: Sequence[Assignment], wanted: Sequence[AssignmentInput]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    seen = set()
    for item in wanted:
        key = (item.store.pk, item.role.pk)
        if key in seen:
            errors.setdefault("assignments", []).append(
                _("%(role)s in %(store)s is listed twice.") % {"role": item.role.name, "store": item.store.name}
            )
        seen.add(key)
        if not (Decimal("0.05") <= item.share <= 1):
            errors.setdefault("assignments", []).append(_("A share is between 0.05 and 1."))
        if item.start_date and item.end_date and item.end_date < item.start_date:
            errors.setdefault("assignments", []).append(_("An assignment ends before it starts."))
    if errors:
        return errors
    periods = [(a.share, a.start_date, a.end_date) for a in kept] + [
        (i.share, i.start_date, i.end_date) for i in wanted
    ]
    overflow = share_overflow(periods)
    if overflow is not None:
        moment, total = overflow
        where = _(" from %(day)s") % {"day": moment.isoformat()} if moment else ""
        errors["assignments"] = [
            _(
                "The shares of this person's time add up to %(total)s%(where)s across their stores; "
                "together they may not exceed 1."
            )
            % {"total": format(total.normalize(), "f"), "where": where}
        ]
    return errors


def _person_errors(instance: Person) -> dict[str, list[str]]:
    """The model's own checks (lengths, choices, hours 1–60, dates in order, one person per user)."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        return {name: list(messages) for name, messages in exc.message_dict.items()}
    return {}


def shared_fields_editable(person: Person | None, editable_store_ids: Collection[int]) -> bool:
    """Whether an editor who manages the staff of ``editable_store_ids`` may change ``person``'s shared details:
    a new person, or one all of whose stores the editor manages (a superuser manages every store)."""
    if person is None or person.pk is None:
        return True
    serves = set(Assignment.objects.filter(person_id=person.pk).values_list("store_id", flat=True))
    return serves <= set(editable_store_ids)


def _shared_refusal(person: Person) -> str:
    return _(
        "%(name)s also works in stores whose staff you do not manage: only someone who manages all of "
        "them changes their details. You may change their assignment here."
    ) % {"name": person.name}


def _shared_changes(stored: Person, values: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in SHARED_FIELDS:
        if name not in values:
            continue
        new = values[name] if values[name] is not None else PERSON_DEFAULTS.get(name)
        if name == "user":
            if (new.pk if new is not None else None) != stored.user_id:
                changed.append(name)
        elif new != getattr(stored, name):
            changed.append(name)
    return changed


def person_save(
    person: Person | None,
    values: Mapping[str, Any],
    assignments: Sequence[AssignmentInput],
    editable_store_ids: Collection[int],
) -> Person:
    """Create or update a person and set their assignments in ``editable_store_ids`` to ``assignments`` (their
    assignments in other stores stay as they are); shares across all stores may not exceed 1. Changing the person's
    shared details needs every store they serve among ``editable_store_ids`` (:func:`shared_fields_editable`)."""
    instance = Person.objects.get(pk=person.pk) if person is not None else Person()
    if person is not None:
        changed = _shared_changes(instance, values)
        if changed and not shared_fields_editable(instance, editable_store_ids):
            raise StaffingForbidden({name: [_shared_refusal(instance)] for name in changed})
    for name in PERSON_FIELDS:
        if name in values:
            setattr(instance, name, values[name] if values[name] is not None else PERSON_DEFAULTS.get(name))
        elif person is None and name in PERSON_DEFAULTS:
            setattr(instance, name, PERSON_DEFAULTS[name])
    data = {name: getattr(instance, name) for name in PERSON_FIELDS}
    data["pk"] = instance.pk
    errors = _check_person(data) or _person_errors(instance)
    if any(a.store.pk not in editable_store_ids for a in assignments):
        errors.setdefault("assignments", []).append(_("You may only assign people to stores whose staff you manage."))
    with transaction.atomic():
        if instance.pk is not None:
            advisory_lock("staffing-person", instance.pk)
        kept = (
            list(Assignment.objects.filter(person=instance).exclude(store_id__in=editable_store_ids))
            if instance.pk
            else []
        )
        errors.update(_check_shares(kept, assignments))
        if errors:
            raise StaffingInvalid(errors)
        instance.save()
        _replace_assignments(instance, assignments, editable_store_ids)
    return instance


def _replace_assignments(person: Person, wanted: Sequence[AssignmentInput], store_ids: Collection[int]) -> None:
    current = {(a.store_id, a.role_id): a for a in Assignment.objects.filter(person=person, store_id__in=store_ids)}
    keys = {(a.store.pk, a.role.pk) for a in wanted}
    Assignment.objects.filter(pk__in=[a.pk for k, a in current.items() if k not in keys]).delete()
    for item in wanted:
        Assignment.objects.update_or_create(
            person=person,
            store=item.store,
            role=item.role,
            defaults={"share": item.share, "start_date": item.start_date, "end_date": item.end_date},
        )


def assignment_save(assignment: Assignment | None, item: AssignmentInput, person: Person) -> Assignment:
    """Add or change one assignment of ``person`` (the API's), checking the shares across all their stores."""
    with transaction.atomic():
        advisory_lock("staffing-person", person.pk)
        others = Assignment.objects.filter(person=person)
        if assignment is not None:
            others = others.exclude(pk=assignment.pk)
        clash = others.filter(store=item.store, role=item.role).exists()
        errors = _check_shares(list(others), [item])
        if clash:
            errors.setdefault("role", []).append(_("The person already has this role in this store."))
        if errors:
            raise StaffingInvalid(errors)
        values = {"store": item.store, "role": item.role, "share": item.share}
        values.update(start_date=item.start_date, end_date=item.end_date)
        if assignment is None:
            return Assignment.objects.create(person=person, **values)
        Assignment.objects.filter(pk=assignment.pk).update(**values)
        return Assignment.objects.select_related("person", "store", "role").get(pk=assignment.pk)


def time_off_add(person: Person, values: Mapping[str, Any]) -> TimeOff:
    """Record days off; days overlapping the person's other time off are refused."""
    start, end = values.get("start_date"), values.get("end_date")
    errors: dict[str, list[str]] = {}
    if start is None or end is None:
        errors["start_date"] = [_("Give the first and the last day off.")]
    elif end < start:
        errors["end_date"] = [_("The time off ends before it starts.")]
    with transaction.atomic():
        advisory_lock("staffing-person", person.pk)
        if not errors:
            others = TimeOff.objects.filter(person=person).exclude(pk=values.get("pk"))
            clash = overlapping(start, end, others.values_list("start_date", "end_date"))
            if clash is not None:
                errors["start_date"] = [
                    _("%(name)s already has time off from %(start)s to %(end)s.")
                    % {"name": person.name, "start": clash[0].isoformat(), "end": clash[1].isoformat()}
                ]
        if errors:
            raise StaffingInvalid(errors)
        return TimeOff.objects.create(
            person=person,
            kind=values.get("kind") or TimeOff._meta.get_field("kind").default,
            start_date=start,
            end_date=end,
            note=values.get("note") or "",
        )


def time_off_delete(time_off: TimeOff) -> None:
    time_off.delete()


def person_login_link(person: Person, user: Any, editable_store_ids: Collection[int]) -> Person:
    """Link ``person`` to the login ``user`` (the team page's offer when it adds a member): the login is one of the
    person's shared details, so the rule of :func:`person_save` holds — someone who manages every store they serve."""
    with transaction.atomic():
        advisory_lock("staffing-person", person.pk)
        stored = Person.objects.get(pk=person.pk)
        if stored.user_id == user.pk:
            return stored
        if not shared_fields_editable(stored, editable_store_ids):
            raise StaffingForbidden({"user": [_shared_refusal(stored)]})
        if stored.user_id is not None:
            raise StaffingInvalid({"user": [_("%(name)s is already linked to another login.") % {"name": stored.name}]})
        errors = _check_person({"name": stored.name, "start_date": stored.start_date, "user": user, "pk": stored.pk})
        if errors:
            raise StaffingInvalid(errors)
        stored.user = user
        stored.save(update_fields=["user", "updated_at"])
    return stored


def person_memberships_missing(person: Person, actor: Any) -> list[Assignment]:
    """Per store whose team ``actor`` manages and where ``person``'s login has no role yet, the person's assignment
    there (the catalogue's first role when they have several): the memberships the roster offers."""
    if person.user_id is None:
        return []
    managed = set(stores_for(actor, Action.EDIT_STORE).values_list("pk", flat=True))
    member_of = set(Membership.objects.filter(user_id=person.user_id).values_list("store_id", flat=True))
    offered: dict[int, Assignment] = {}
    for assignment in person.assignments.select_related("store", "role").order_by("store_id", "role__position"):
        if assignment.store_id in managed and assignment.store_id not in member_of:
            offered.setdefault(assignment.store_id, assignment)
    return list(offered.values())


def person_memberships_grant(person: Person, actor: Any) -> list[Membership]:
    """Accept the roster's offer: give ``person``'s login the role of their assignment in each store of
    :func:`person_memberships_missing` (each a kept membership change)."""
    return [member_add(actor, a.store, person.user, a.role.code) for a in person_memberships_missing(person, actor)]
