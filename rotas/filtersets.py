"""Filters of the rota lists in the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateFilter
from staffing.models import Person

from .choices import ShiftState
from .models import Shift, ShiftPattern


class ShiftPatternFilterSet(django_filters.FilterSet):
    store = django_filters.CharFilter(field_name="store__code", label=_("Store code"))
    role = django_filters.CharFilter(field_name="role__code", label=_("Role code"))

    class Meta:
        model = ShiftPattern
        fields = ["store", "role"]


class ShiftFilterSet(django_filters.FilterSet):
    store = django_filters.CharFilter(field_name="store__code", label=_("Store code"))
    role = django_filters.CharFilter(field_name="pattern__role__code", label=_("Role code"))
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all(), label=_("Person"))
    state = django_filters.ChoiceFilter(choices=ShiftState.choices, label=_("State"))
    date_from = BusinessDateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_until = BusinessDateFilter(field_name="date", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = Shift
        fields = ["store", "role", "person", "state", "date_from", "date_until"]
