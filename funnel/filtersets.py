"""Filtersets shared by the funnel's pages and endpoints."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateFilter

from .models import DailyMetric


class DailyMetricFilterSet(django_filters.FilterSet):
    store = django_filters.CharFilter(field_name="store__code", label=_("Store code"))
    date_from = BusinessDateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = BusinessDateFilter(field_name="date", lookup_expr="lte", label=_("To"))
    source = django_filters.CharFilter(field_name="source", label=_("Source"))

    class Meta:
        model = DailyMetric
        fields = ["store", "date_from", "date_to", "source"]
