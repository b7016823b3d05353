"""Filtersets shared by the dashboard pages and the rollup endpoints."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateFilter
from rollups.models import DayRollup, Grain, PeriodRollup


class DayRollupFilterSet(django_filters.FilterSet):
    store = django_filters.CharFilter(field_name="store__code", label=_("Store code"))
    date_from = BusinessDateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = BusinessDateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = DayRollup
        fields = ["store", "date_from", "date_to"]


class PeriodRollupFilterSet(django_filters.FilterSet):
    """Periods overlapping [date_from, date_to]: a month that began before date_from still counts."""

    store = django_filters.CharFilter(field_name="store__code", label=_("Store code"))
    grain = django_filters.ChoiceFilter(choices=Grain.choices, label=_("Grain"))
    date_from = BusinessDateFilter(field_name="period_end", lookup_expr="gte", label=_("From"))
    date_to = BusinessDateFilter(field_name="period_start", lookup_expr="lte", label=_("To"))

    class Meta:
        model = PeriodRollup
        fields = ["store", "grain", "date_from", "date_to"]
