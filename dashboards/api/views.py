"""Read-only endpoints of the rollups and the portfolio, scoped to the caller's stores."""

from __future__ import annotations

from rest_framework import generics, viewsets

from accounts.choices import Action
from rollups.models import DayRollup, PeriodRollup
from stores.filtersets import StoreFilterSet
from stores.models import Store
from stores.scoping import StoreScopedViewSetMixin

from ..filtersets import DayRollupFilterSet, PeriodRollupFilterSet
from ..selectors import portfolio_rows
from .serializers import DayRollupSerializer, PeriodRollupSerializer, PortfolioRowSerializer


class RollupViewLookup:
    """The rollups are database views whose row id holds the store's (``IDS_PER_STORE``): a lookup by id also
    filters on that store, so it computes that store's rows only, not every store's the caller may read."""

    def get_queryset(self):
        queryset = super().get_queryset()
        pk = str(self.kwargs.get("pk", ""))
        if pk.isdigit():
            queryset = queryset.filter(store_id=int(pk) // queryset.model.IDS_PER_STORE)
        return queryset


class DayRollupViewSet(RollupViewLookup, StoreScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Day rollups of the stores the caller may read: actuals against the plan, day by day."""

    queryset = DayRollup.objects.select_related("store").order_by("store__code", "date")
    serializer_class = DayRollupSerializer
    filterset_class = DayRollupFilterSet
    store_actions = {"GET": Action.VIEW}


class PeriodRollupViewSet(RollupViewLookup, StoreScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Week, month, plan-stage and plan-period rollups of the stores the caller may read, with their pace.
    ``date_from`` / ``date_to`` select the periods that overlap the range."""

    queryset = PeriodRollup.objects.select_related("store").order_by("store__code", "grain", "period_start")
    serializer_class = PeriodRollupSerializer
    filterset_class = PeriodRollupFilterSet
    store_actions = {"GET": Action.VIEW}


class PortfolioView(StoreScopedViewSetMixin, generics.ListAPIView):
    """The portfolio page's rows for the caller's stores (filter with ``q``, ``platform``, ``status``)."""

    queryset = Store.objects.order_by("name", "code")
    serializer_class = PortfolioRowSerializer
    filterset_class = StoreFilterSet
    store_path = ""
    store_actions = {"GET": Action.VIEW}

    def list(self, request, *args, **kwargs):
        stores = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(portfolio_rows(stores), many=True).data)
