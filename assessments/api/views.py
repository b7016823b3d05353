"""Assessments in the REST API: weights per role (read, write), teamwork scores (write), scorecards (read,
compute, finalise). Writes go through ``assessments.services``; refusals are 400 with a message per field or
weight group and write nothing. Scorecards are private: a store's ops manager reads everyone's, anyone else
only those of the person linked to their login, an API client none."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Action
from staffing.models import StaffRole
from stores.models import Store
from stores.permissions import can, stores_for

from ..selectors import current_period, period_scorecards, store_people, store_weights, visible_scorecards
from ..services import (
    MonthFinalised,
    month_compute,
    month_finalise,
    role_weights_set,
    teamwork_score_give,
)
from .serializers import (
    AssessmentErrorSerializer,
    ComputeSerializer,
    MonthRequestSerializer,
    PeriodSerializer,
    RoleWeightsSerializer,
    RoleWeightsWriteSerializer,
    ScorecardQuerySerializer,
    ScorecardSerializer,
    StoreQuerySerializer,
    TeamworkSerializer,
    TeamworkWriteSerializer,
)

INVALID = OpenApiResponse(description="Bad input: ``{field or weight group: [messages]}``; nothing was written.")
FORBIDDEN = OpenApiResponse(
    AssessmentErrorSerializer, description="The caller may read the store but not manage its staff."
)
NOT_FOUND = OpenApiResponse(
    AssessmentErrorSerializer, description="No such store (or person) among those the caller may read."
)
FINALISED = OpenApiResponse(
    AssessmentErrorSerializer,
    description="The month's current version is finalised; send new_version=true to recompute.",
)
WRITE_ERRORS = {400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}


def _readable_store(user: Any, code: str) -> Store:
    return get_object_or_404(stores_for(user, Action.VIEW), code=code)


def _managed_store(user: Any, code: str) -> Store:
    """The store named, which the caller must manage (403 if they only read it, 404 if not even that)."""
    store = _readable_store(user, code)
    if not can(user, Action.EDIT_STAFFING, store):
        raise PermissionDenied("Only the store's ops manager manages its assessments.")
    return store


class WeightsView(APIView):
    """GET: the weights every role is assessed by in a store (its own, or the defaults). POST: set a role's."""

    store_actions = {"GET": Action.VIEW, "POST": Action.EDIT_STAFFING}

    @extend_schema(parameters=[StoreQuerySerializer], responses={200: RoleWeightsSerializer(many=True), 400: INVALID,
                                                                404: NOT_FOUND})  # fmt: skip
    def get(self, request):
        store = _readable_store(request.user, StoreQuerySerializer.of(request)["store"])
        rows = [{"role": r.role.code, "is_default": r.is_default, **r.values} for r in store_weights(store)]
        return Response(RoleWeightsSerializer(rows, many=True).data)

    @extend_schema(request=RoleWeightsWriteSerializer, responses={200: RoleWeightsSerializer, **WRITE_ERRORS})
    def post(self, request):
        body = RoleWeightsWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        store = _managed_store(request.user, values.pop("store"))
        role = StaffRole.objects.filter(code=values.pop("role")).first()
        if role is None:
            raise ValidationError({"role": [_("This role is not in the role catalogue.")]})
        role_weights_set(store, role, values, request.user)
        return Response(RoleWeightsSerializer({"role": role.code, "is_default": False, **values}).data)


class TeamworkView(APIView):
    """Give (or replace) the teamwork score of a person working in the store that month."""

    store_actions = {"POST": Action.EDIT_STAFFING}

    @extend_schema(request=TeamworkWriteSerializer, responses={201: TeamworkSerializer, **WRITE_ERRORS})
    def post(self, request):
        body = TeamworkWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        store = _managed_store(request.user, data["store"])
        person = get_object_or_404(store_people(store), pk=data["person"])
        month = data["month"].replace(day=1)
        given = teamwork_score_give(store, person, month, data["score"], data["comment"], request.user)
        return Response(TeamworkSerializer(given).data, status=status.HTTP_201_CREATED)


class ScorecardListView(generics.ListAPIView):
    """A store's scorecards the caller may see, newest month and version first; ``?month=YYYY-MM`` narrows to
    that month's current version. The store's ops manager sees everyone's; other members only their own."""

    serializer_class = ScorecardSerializer
    store_actions = {"GET": Action.VIEW_STAFF}
    filter_backends: list = []

    @extend_schema(
        parameters=[ScorecardQuerySerializer],
        responses={200: ScorecardSerializer(many=True), 400: INVALID, 404: NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = ScorecardQuerySerializer.of(self.request)
        store = _readable_store(self.request.user, query["store"])
        cards = visible_scorecards(self.request.user, store)
        month = query.get("month")
        if month:
            period = current_period(store, month)
            cards = cards.filter(period=period) if period else cards.none()
        return cards.order_by("-period__month", "-period__version", "person__name", "pk")


class ComputeView(APIView):
    """Compute a store-month's scorecards (a draft is recomputed in place; a finalised month only with
    ``new_version``, else 409) and answer the version written with its scorecards."""

    store_actions = {"POST": Action.EDIT_STAFFING}

    @extend_schema(request=ComputeSerializer, responses={200: PeriodSerializer, 409: FINALISED, **WRITE_ERRORS})
    def post(self, request):
        body = ComputeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        store = _managed_store(request.user, data["store"])
        month = data["month"].replace(day=1)
        try:
            period = month_compute(store, month, timezone.now(), request.user, new_version=data["new_version"])
        except MonthFinalised as exc:
            detail = f"Version {exc.period.version} of {month:%Y-%m} is finalised; send new_version=true."
            return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
        return Response(_period_data(period))


class FinaliseView(APIView):
    """Finalise (lock) a store-month's current version."""

    store_actions = {"POST": Action.EDIT_STAFFING}

    @extend_schema(request=MonthRequestSerializer, responses={200: PeriodSerializer, **WRITE_ERRORS})
    def post(self, request):
        body = MonthRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        store = _managed_store(request.user, body.validated_data["store"])
        period = month_finalise(store, body.validated_data["month"].replace(day=1), timezone.now(), request.user)
        return Response(_period_data(period))


def _period_data(period) -> dict:
    return PeriodSerializer(
        {
            "store": period.store,
            "month": period.month,
            "version": period.version,
            "computed_at": period.computed_at,
            "finalised_at": period.finalised_at,
            "scorecards": period_scorecards(period),
        }
    ).data
