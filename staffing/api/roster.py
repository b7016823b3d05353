"""People, their assignments and time off in the REST API, scoped to the stores the caller may read.

A person belongs to the stores they are assigned to: the caller sees people assigned to a store they may read,
and changes them when they edit staffing in one of those stores. Shares over 1 across stores and overlapping
time off are a 400 naming the field, with nothing written.
"""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from accounts.choices import Action
from staffing.models import Assignment, Person, StaffRole, TimeOff
from staffing.services import (
    AssignmentInput,
    assignment_save,
    person_save,
    time_off_add,
)
from stores.models import Store
from stores.permissions import can, stores_for
from stores.scoping import StoreScopedViewSetMixin

from .serializers import AssignmentSerializer, PersonSerializer, TimeOffSerializer
from .views import FORBIDDEN, NOT_FOUND, STAFF_ACTIONS, WRITE_ERRORS, readable_store, require_edit


class AssignedFilterSet(django_filters.FilterSet):
    """``?store=``: only people assigned to that store (a code; one the caller may not read lists nothing)."""

    store = django_filters.CharFilter(method="assigned_to", help_text="Only people assigned to this store (its code).")
    # The lookup from a row to the stores its person is assigned to.
    store_path = "assignments__store"

    def assigned_to(self, queryset, name, value):
        # One condition on one join: assigned to this store, and this store readable.
        readable = stores_for(self.request.user, Action.VIEW_STAFF).filter(code=value)
        return queryset.filter(**{f"{self.store_path}__in": readable})


class PersonFilterSet(AssignedFilterSet):
    class Meta:
        model = Person
        fields = ["store"]


class TimeOffFilterSet(AssignedFilterSet):
    store_path = "person__assignments__store"

    class Meta:
        model = TimeOff
        fields = ["store", "person"]


def _store_for_person(user, person: Person) -> Store:
    """The store whose rule decides about ``person``: one where the caller edits staffing, else one they read."""
    stores = [a.store for a in person.assignments.all()]
    editable = set(
        stores_for(user, Action.EDIT_STAFFING).filter(pk__in=[s.pk for s in stores]).values_list("pk", flat=True)
    )
    readable = set(
        stores_for(user, Action.VIEW_STAFF).filter(pk__in=[s.pk for s in stores]).values_list("pk", flat=True)
    )
    return next((s for s in stores if s.pk in editable), None) or next(s for s in stores if s.pk in readable)


def _managed_ids(user) -> set[int]:
    return set(stores_for(user, Action.EDIT_STAFFING).values_list("pk", flat=True))


class _Distinct:
    """A person (or their time off) reached through several readable stores is listed once."""

    def get_queryset(self):
        return super().get_queryset().distinct()


class PersonViewSet(
    _Distinct,
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """People assigned to the stores the caller may read (``?store=`` one store). POST needs ``store`` and
    ``role`` (and ``share``, default 1) of their first assignment; change assignments at /staffing/assignments/."""

    queryset = (
        Person.objects.select_related("user")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("store", "role")))
        .order_by("name", "pk")
    )
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    store_path = "assignments__store"
    store_actions = STAFF_ACTIONS
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def store_of(self, obj: Person) -> Store:
        return _store_for_person(self.request.user, obj)

    @extend_schema(responses={201: PersonSerializer, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        code, role_code, share = data.pop("store", None), data.pop("role", None), data.pop("share", Decimal(1))
        errors = {}
        if not code:
            errors["store"] = ["Give the store of the person's first assignment."]
        if not role_code:
            errors["role"] = ["Give the role of the person's first assignment."]
        if errors:
            raise ValidationError(errors)
        store = readable_store(self.request.user, code)
        require_edit(self.request.user, store)
        role = StaffRole.objects.filter(code=role_code).first()
        if role is None:
            raise ValidationError({"role": [f"No role “{role_code}”."]})
        serializer.instance = person_save(
            None, data, [AssignmentInput(store, role, share)], _managed_ids(self.request.user)
        )

    @extend_schema(responses={200: PersonSerializer, **WRITE_ERRORS})
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(responses={200: PersonSerializer, **WRITE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if {"store", "role", "share"} & set(data):
            raise ValidationError({"store": ["Change assignments at /api/v1/staffing/assignments/."]})
        person = serializer.instance
        kept = [
            AssignmentInput(a.store, a.role, a.share, a.start_date, a.end_date)
            for a in person.assignments.all()
            if can(self.request.user, Action.EDIT_STAFFING, a.store)
        ]
        serializer.instance = person_save(person, data, kept, _managed_ids(self.request.user))

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        managed = _managed_ids(self.request.user)
        if any(a.store_id not in managed for a in instance.assignments.all()):
            raise PermissionDenied("The person also works in stores you do not manage: remove their assignment here.")
        instance.delete()


class AssignmentViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Assignments of people to stores in roles, each a share of their time; a person's shares across stores
    may not add up to more than 1 at any time (400)."""

    queryset = Assignment.objects.select_related("person", "store", "role").order_by("store_id", "role__position", "pk")
    serializer_class = AssignmentSerializer
    filterset_fields = ["person"]
    store_actions = STAFF_ACTIONS

    def _save(self, serializer, assignment):
        data = serializer.validated_data
        current = assignment
        store = data.get("store", current.store if current else None)
        person = data.get("person", current.person if current else None)
        if current is not None and person != current.person:
            raise ValidationError({"person": ["An assignment cannot move to another person."]})
        require_edit(self.request.user, store)
        item = AssignmentInput(
            store,
            data.get("role", current.role if current else None),
            data.get("share", current.share if current else Decimal(1)),
            data.get("start_date", current.start_date if current else None),
            data.get("end_date", current.end_date if current else None),
        )
        serializer.instance = assignment_save(assignment, item, person)

    @extend_schema(responses={201: AssignmentSerializer, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        self._save(serializer, None)

    @extend_schema(responses={200: AssignmentSerializer, **WRITE_ERRORS})
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(responses={200: AssignmentSerializer, **WRITE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        if serializer.validated_data.get("store", serializer.instance.store) != serializer.instance.store:
            raise ValidationError({"store": ["Remove the assignment and add one in the other store."]})
        self._save(serializer, serializer.instance)

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)


class TimeOffViewSet(
    _Distinct,
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Time off of people assigned to the stores the caller may read (``?store=``, ``?person=``); days
    overlapping the person's other time off are refused (400)."""

    queryset = TimeOff.objects.select_related("person").order_by("start_date", "pk")
    serializer_class = TimeOffSerializer
    filterset_class = TimeOffFilterSet
    store_path = "person__assignments__store"
    store_actions = STAFF_ACTIONS

    def store_of(self, obj: TimeOff) -> Store:
        return _store_for_person(self.request.user, obj.person)

    @extend_schema(responses={201: TimeOffSerializer, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        person = serializer.validated_data["person"]
        require_edit(self.request.user, _store_for_person(self.request.user, person))
        serializer.instance = time_off_add(person, serializer.validated_data)

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)
