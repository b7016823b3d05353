"""Shift patterns, shifts, generating a rota, its coverage and the caller's own shifts in the REST API.

Writes go through ``rotas.services`` and need the store's ops manager (``edit_staffing``): a refused input is a 400
naming the field, with nothing written; a PATCH on a shift someone else moved on is a 409.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Action
from core.api import stale_version, stale_version_response, version_sent
from core.dates import local_date
from core.months import shift_month
from rotas.filtersets import ShiftFilterSet, ShiftPatternFilterSet
from rotas.models import Shift, ShiftPattern
from rotas.selectors import coverage_report, my_shifts, staff_role
from rotas.services import (
    ShiftConflict,
    pattern_create,
    pattern_delete,
    pattern_update,
    rota_generate,
    shift_create,
    shift_delete,
    shift_update,
)
from rotas.staffing_check import staffing_checks_between
from stores.permissions import can, stores_for
from stores.scoping import StoreScopedViewSetMixin

from .serializers import (
    CoverageSerializer,
    GenerateResultSerializer,
    GenerateSerializer,
    MyShiftSerializer,
    RotaErrorSerializer,
    RotaQuerySerializer,
    ShiftPatternSerializer,
    ShiftSerializer,
)

ACTIONS = {"GET": Action.VIEW, "WRITE": Action.EDIT_STAFFING}
STAFF_ACTIONS = {"GET": Action.VIEW_STAFF, "WRITE": Action.EDIT_STAFFING}  # shifts name people
INVALID = OpenApiResponse(description="Bad input: ``{field: [messages]}``; nothing was written.")
FORBIDDEN = OpenApiResponse(RotaErrorSerializer, description="The caller may read the store but not edit its rotas.")
NOT_FOUND = OpenApiResponse(RotaErrorSerializer, description="No such object among the stores the caller may read.")
CONFLICT = stale_version_response("Someone changed the shift since your version; nothing was written.")
WRITE_ERRORS = {400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
MY_SHIFTS_DAYS = 60


def _require_edit(user, store) -> None:
    if not can(user, Action.EDIT_STAFFING, store):
        raise PermissionDenied("Only the store's ops manager edits its rotas.")


def _store_and_role(user, data):
    store = stores_for(user, Action.VIEW).filter(code=data["store"]).first()
    if store is None:
        raise NotFound("No such store among those you may read.")
    role = staff_role(data["role"])
    if role is None:
        raise ValidationError({"role": [f"No role “{data['role']}”."]})
    return store, role


class ShiftPatternViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Shift patterns of the stores the caller may read; filter by ``store`` and ``role``. Deleting one removes
    its shifts."""

    queryset = ShiftPattern.objects.select_related("store", "role").order_by("store_id", "role__position", "position")
    serializer_class = ShiftPatternSerializer
    filterset_class = ShiftPatternFilterSet
    store_actions = ACTIONS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(responses={201: ShiftPatternSerializer, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        store, role = data.pop("store"), data.pop("role")
        _require_edit(self.request.user, store)
        serializer.instance = pattern_create(store, role, data)

    @extend_schema(responses={200: ShiftPatternSerializer, **WRITE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        pattern = serializer.instance
        data = dict(serializer.validated_data)
        if data.pop("store", pattern.store) != pattern.store or data.pop("role", pattern.role) != pattern.role:
            raise ValidationError({"store": ["A shift pattern stays in its store and role."]})
        serializer.instance = pattern_update(pattern, data)

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        pattern_delete(instance)


class ShiftViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Shifts of the stores the caller may read; filter by store, role, person, state and dates. A shift on the
    person's time off, over another of their shifts or for someone not in the role is refused (400)."""

    queryset = Shift.objects.select_related("store", "pattern__role", "person").order_by("date", "start_at", "pk")
    serializer_class = ShiftSerializer
    filterset_class = ShiftFilterSet
    store_actions = STAFF_ACTIONS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(responses={201: ShiftSerializer, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        pattern = data["pattern"]
        _require_edit(self.request.user, pattern.store)
        serializer.instance = shift_create(
            pattern.store, pattern, data["person"], data["date"], data.get("state", "planned")
        )

    @extend_schema(responses={200: ShiftSerializer, 409: CONFLICT, **WRITE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        shift = self.get_object()
        serializer = self.get_serializer(shift, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        version = version_sent(serializer, values)
        try:
            moved = shift_update(shift, values, version)
        except ShiftConflict as exc:
            message = _("The shift was saved by someone else since you read it; read it again.")
            return stale_version("version", exc.shift.version, str(message))
        return Response(self.get_serializer(moved).data)

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        shift_delete(instance)


def _range(store, data) -> tuple[date, date]:
    first = data.get("start") or local_date(store.time_zone, timezone.now()).replace(day=1)
    last = data.get("end") or shift_month(first.replace(day=1), 1) - timedelta(days=1)
    if last < first:
        raise ValidationError({"end": ["The range ends before it starts."]})
    return first, last


class RotaGenerateView(APIView):
    """Generate a role's rota in a store for a range: planned shifts in it are replaced, confirmed ones kept.
    Answers the coverage the new rota leaves."""

    store_actions = {"POST": Action.EDIT_STAFFING}

    @extend_schema(request=GenerateSerializer, responses={200: GenerateResultSerializer, **WRITE_ERRORS})
    def post(self, request):
        body = GenerateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        store, role = _store_and_role(request.user, body.validated_data)
        _require_edit(request.user, store)
        first, last = _range(store, body.validated_data)
        result = rota_generate(store, role, first, last, request.user, body.validated_data.get("seed"))
        result.report.months = staffing_checks_between(store, role, result.report)
        return Response(GenerateResultSerializer(result).data)


class CoverageView(APIView):
    """A role's coverage in a store for a range (this month by default): the people each day × shift needs, the
    unfilled shifts with why, rule breaches as it stands, and per month the gap report's figures beside the rota's."""

    store_actions = {"GET": Action.VIEW_STAFF}

    @extend_schema(parameters=[RotaQuerySerializer], responses={200: CoverageSerializer, 400: INVALID, 404: NOT_FOUND})
    def get(self, request):
        query = RotaQuerySerializer.of(request)
        store, role = _store_and_role(request.user, query)
        first, last = _range(store, query)
        if (last - first).days > 366:
            raise ValidationError({"end": ["Ask for at most a year."]})
        report = coverage_report(store, role, first, last)
        report.months = staffing_checks_between(store, role, report)
        return Response(CoverageSerializer(report).data)


class MyShiftsView(APIView):
    """The caller's shifts in every store for the coming 60 days (empty unless their login is linked to a person).
    A login linked to a person may belong to no store (a helper on the rota): their own shifts are theirs to see."""

    store_actions = {"GET": Action.VIEW}
    callers_own = True

    @extend_schema(responses={200: MyShiftSerializer(many=True)})
    def get(self, request):
        today = timezone.localdate()
        shifts = my_shifts(request.user, today - timedelta(days=1), today + timedelta(days=MY_SHIFTS_DAYS))
        return Response(MyShiftSerializer(shifts, many=True).data)
