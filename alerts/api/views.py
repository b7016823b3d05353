"""Alerts in the REST API: read them; the stores' ops managers acknowledge or resolve them."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.choices import Action
from alerts.filtersets import AlertFilterSet
from alerts.selectors import alerts_with_events
from alerts.services import AlertStateConflict, alert_acknowledge, alert_resolve
from stores.scoping import StoreScopedViewSetMixin

from .serializers import AlertSerializer, ErrorSerializer, NoteSerializer

NOT_ALLOWED = OpenApiResponse(ErrorSerializer, description="The alert is not in a state that allows this.")


class AlertViewSet(StoreScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Alerts of the stores the caller may read, most recent first; filter by store code, state, kind, severity."""

    queryset = alerts_with_events()
    serializer_class = AlertSerializer
    filterset_class = AlertFilterSet
    store_actions = {"GET": Action.VIEW, "POST": Action.EDIT_PLAN}

    def _transition(self, request, change) -> Response:
        alert = self.get_object()  # access first: another store's alert is 404 and a read-only role 403
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            alert = change(alert, request.user, body.validated_data["note"])
        except AlertStateConflict as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(self.get_serializer(self.get_queryset().get(pk=alert.pk)).data)

    @extend_schema(request=NoteSerializer, responses={200: AlertSerializer, 409: NOT_ALLOWED})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Acknowledge an open alert (the store's ops managers): it stays acknowledged while it holds."""
        return self._transition(request, alert_acknowledge)

    @extend_schema(request=NoteSerializer, responses={200: AlertSerializer, 409: NOT_ALLOWED})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Resolve an alert by hand (the store's ops managers); it is raised again if its condition still holds."""
        return self._transition(request, alert_resolve)
