"""Plans, stage plans and milestones in the REST API; writes go through the services."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.choices import Action
from core.api import InputSerializer, stale_version, stale_version_response, version_sent
from funnel.choices import PlanStatus
from funnel.models import Milestone, Plan, StagePlan
from funnel.services.plans import (
    PlanConflict,
    milestone_add,
    milestone_remove,
    plan_activate,
    plan_archive,
    plan_copy,
    plan_create_from_template,
    plan_save,
)
from stores.permissions import can
from stores.scoping import StoreScopedViewSetMixin

from .serializers import MilestoneSerializer, PlanSerializer, StagePlanSerializer

CONFLICT = stale_version_response("Someone saved the plan since your lock_version; nothing was written.")
PLAN_ACTIONS = {"GET": Action.VIEW, "WRITE": Action.EDIT_PLAN}


def _conflict(exc: PlanConflict) -> Response:
    message = _("The plan was saved by someone else since you read it; read it again.")
    return stale_version("lock_version", exc.plan.lock_version, str(message))


class PlanFilterSet(django_filters.FilterSet):
    store = django_filters.CharFilter(field_name="store__code")
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)

    class Meta:
        model = Plan
        fields = ["store", "status"]


class CopySerializer(InputSerializer):
    scenario = serializers.CharField(max_length=40)


class PlanViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Plans of the stores the caller may read; ops managers create, edit, copy and activate them."""

    queryset = Plan.objects.select_related("store").prefetch_related("stages", "milestones")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    store_actions = PLAN_ACTIONS
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        # Every validated field goes to the service, so a field the schema lists as writable is never dropped.
        values = dict(serializer.validated_data)
        store = values.pop("store")
        version_sent(serializer, values)  # the version a PATCH was based on; a new plan starts at 1
        if not can(self.request.user, Action.EDIT_PLAN, store):
            raise PermissionDenied("Only the store's ops managers create its plans.")
        serializer.instance = plan_create_from_template(store, self.request.user, as_of=timezone.localdate(), **values)

    @extend_schema(responses={200: PlanSerializer, 409: CONFLICT})
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        serializer = self.get_serializer(plan, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        lock_version = version_sent(serializer, values)
        unsupported = set(values) - {"name", "scenario", "notes", "weekday_weights", "month_weights"}
        if unsupported:
            raise ValidationError({f: ["This field cannot be changed here."] for f in sorted(unsupported)})
        try:
            plan = plan_save(plan.pk, request.user, lock_version=lock_version, plan_values=values)
        except PlanConflict as exc:
            return _conflict(exc)
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=None, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return Response(self.get_serializer(plan_activate(self.get_object(), request.user)).data)

    @extend_schema(request=None, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return Response(self.get_serializer(plan_archive(self.get_object(), request.user)).data)

    @extend_schema(request=CopySerializer, responses={201: PlanSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        plan = self.get_object()  # another store's plan is 404 and a read-only role 403, whatever the body
        body = CopySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        copy = plan_copy(plan, request.user, scenario=body.validated_data["scenario"])
        return Response(self.get_serializer(copy).data, status=status.HTTP_201_CREATED)


class StagePlanViewSet(
    StoreScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Stages of the plans the caller may read; PATCH one with the plan's lock_version."""

    queryset = StagePlan.objects.select_related("plan__store")
    serializer_class = StagePlanSerializer
    filterset_fields = ["plan", "number"]
    store_path = "plan__store"
    store_actions = PLAN_ACTIONS
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(responses={200: StagePlanSerializer, 409: CONFLICT})
    def partial_update(self, request, *args, **kwargs):
        stage = self.get_object()
        serializer = self.get_serializer(stage, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        lock_version = version_sent(serializer, values)
        try:
            plan_save(stage.plan_id, request.user, lock_version=lock_version, stage_values={stage.number: values})
        except PlanConflict as exc:
            return _conflict(exc)
        stage.refresh_from_db()
        return Response(self.get_serializer(stage).data)


class MilestoneViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Milestones beside the plans the caller may read."""

    queryset = Milestone.objects.select_related("plan__store")
    serializer_class = MilestoneSerializer
    filterset_fields = ["plan"]
    store_path = "plan__store"
    store_actions = PLAN_ACTIONS

    def perform_create(self, serializer):
        plan = serializer.validated_data["plan"]
        if not can(self.request.user, Action.EDIT_PLAN, plan.store):
            raise PermissionDenied("Only the store's ops managers edit its milestones.")
        values = {k: v for k, v in serializer.validated_data.items() if k != "plan"}
        serializer.instance = milestone_add(plan, self.request.user, **values)

    def perform_destroy(self, instance):
        milestone_remove(instance, self.request.user)
