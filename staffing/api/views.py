"""Staffing in the REST API: the role catalogue, a store's norms and policy, planned headcount and the gap report.

Writes need the store's ``edit_staffing`` (its ops manager); bad input is a 400 naming each field, and nothing
is written. A store the caller may not read is a 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Action
from core.dates import local_date
from staffing.domain import month_of, months_between
from staffing.selectors import planned_headcounts, staff_roles, staffing_gap, staffing_policy, store_norms
from staffing.services import norms_save, planned_headcount_set, policy_save
from stores.models import Store
from stores.permissions import can, stores_for

from .serializers import (
    GapSerializer,
    MonthsQuerySerializer,
    NormsSerializer,
    NormsWriteSerializer,
    PlannedRowSerializer,
    PlannedWriteSerializer,
    PolicySerializer,
    StaffRoleSerializer,
    StoreNormSerializer,
    StoreQuerySerializer,
)

ACTIONS = {"GET": Action.VIEW, "WRITE": Action.EDIT_STAFFING}
# People, their assignments and time off are staff data: reading them needs VIEW_STAFF (every member holds it; an
# API client only with the ``read_staff`` scope).
STAFF_ACTIONS = {"GET": Action.VIEW_STAFF, "WRITE": Action.EDIT_STAFFING}
INVALID = OpenApiResponse(description="Bad input: ``{field: [messages]}``; nothing was written.")
FORBIDDEN = OpenApiResponse(description="The caller may read the store but not edit its staffing.")
NOT_FOUND = OpenApiResponse(description="No such store (or object) among those the caller may read.")
WRITE_ERRORS = {400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}
DEFAULT_MONTHS = 6


def readable_store(user: Any, code: str | None) -> Store:
    store = stores_for(user, Action.VIEW).filter(code=code).first() if code else None
    if store is None:
        raise NotFound("No such store among those you may read.")
    return store


def require_edit(user: Any, store: Store) -> None:
    if not can(user, Action.EDIT_STAFFING, store):
        raise PermissionDenied("Only the store's ops manager edits its staffing.")


def store_of_query(request) -> Store:
    return readable_store(request.user, StoreQuerySerializer.of(request)["store"])


def months_of_query(request, store: Store) -> tuple[date, int]:
    query = MonthsQuerySerializer.of(request)
    first = query.get("start") or month_of(local_date(store.time_zone, timezone.now()))
    return first, query.get("months", DEFAULT_MONTHS)


class StaffRoleListView(APIView):
    """The role catalogue: duties in the caller's language, default norms and minimum headcounts."""

    store_actions = {"GET": Action.VIEW}

    @extend_schema(responses={200: StaffRoleSerializer(many=True)})
    def get(self, request):
        return Response(StaffRoleSerializer(staff_roles(), many=True).data)


def _norms_body(store: Store) -> dict[str, Any]:
    own = store_norms(store)
    rows = [
        {
            "role": r.code,
            "norm_unit": r.norm_unit,
            "default_norm": r.default_norm,
            "norm": own.get(r.code),
            "minimum_headcount": r.minimum_headcount,
        }
        for r in staff_roles()
    ]
    return {"store": store.code, "norms": StoreNormSerializer(rows, many=True).data}


class NormsView(APIView):
    """A store's capacity norms (``norm``: the store's own, null for the catalogue's default)."""

    store_actions = ACTIONS

    @extend_schema(parameters=[StoreQuerySerializer], responses={200: NormsSerializer, 404: NOT_FOUND})
    def get(self, request):
        return Response(_norms_body(store_of_query(request)))

    @extend_schema(request=NormsWriteSerializer, responses={200: NormsSerializer, **WRITE_ERRORS})
    def put(self, request):
        body = NormsWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        store = readable_store(request.user, body.validated_data["store"])
        require_edit(request.user, store)
        norms_save(store, body.validated_data["norms"])
        return Response(_norms_body(store))


class PolicyView(APIView):
    """A store's staffing policy (the defaults until its ops manager changes them). PATCH changes the fields sent."""

    store_actions = ACTIONS

    @extend_schema(parameters=[StoreQuerySerializer], responses={200: PolicySerializer, 404: NOT_FOUND})
    def get(self, request):
        return Response(PolicySerializer(staffing_policy(store_of_query(request))).data)

    @extend_schema(request=PolicySerializer, responses={200: PolicySerializer, **WRITE_ERRORS})
    def patch(self, request):
        body = PolicySerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        code = values.pop("store", {}).get("code")
        if not code:
            raise ValidationError({"store": ["Give the store's code."]})
        store = readable_store(request.user, code)
        require_edit(request.user, store)
        if "promotion_multipliers" in values:
            values["promotion_multipliers"] = {k: str(v) for k, v in values["promotion_multipliers"].items()}
        policy = policy_save(store, values)
        return Response(PolicySerializer(policy).data)


class PlannedHeadcountView(APIView):
    """Planned headcount (FTE) per month and role; PUT sets one month's roles at once, all or nothing."""

    store_actions = ACTIONS

    @extend_schema(parameters=[MonthsQuerySerializer], responses={200: PlannedRowSerializer(many=True), 404: NOT_FOUND})
    def get(self, request):
        store = store_of_query(request)
        first, count = months_of_query(request, store)
        months = months_between(first, count)
        planned = planned_headcounts(store, months[0], months[-1])
        rows = [{"month": m, "role": r, "headcount": v} for (m, r), v in sorted(planned.items())]
        return Response(PlannedRowSerializer(rows, many=True).data)

    @extend_schema(request=PlannedWriteSerializer, responses={200: PlannedRowSerializer(many=True), **WRITE_ERRORS})
    def put(self, request):
        body = PlannedWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        store = readable_store(request.user, body.validated_data["store"])
        require_edit(request.user, store)
        month = body.validated_data["month"]
        planned_headcount_set(store, month, body.validated_data["headcount"])
        planned = planned_headcounts(store, month, month)
        rows = [{"month": m, "role": r, "headcount": v} for (m, r), v in sorted(planned.items())]
        return Response(PlannedRowSerializer(rows, many=True).data)


class GapView(APIView):
    """Required, planned and on-roster headcount per role and month, with the under-staffed days."""

    store_actions = {"GET": Action.VIEW}

    @extend_schema(parameters=[MonthsQuerySerializer], responses={200: GapSerializer, 400: INVALID, 404: NOT_FOUND})
    def get(self, request):
        store = store_of_query(request)
        first, count = months_of_query(request, store)
        return Response(GapSerializer(staffing_gap(store, first, count)).data)
