"""One filterset for the promotion list page and the API list."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateFilter

from .choices import PromotionKind, PromotionStatus
from .models import Promotion


class PromotionFilterSet(django_filters.FilterSet):
    store = django_filters.CharFilter(field_name="store__code", label=_("Store code"))
    kind = django_filters.ChoiceFilter(choices=PromotionKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=PromotionStatus.choices, label=_("Status"))
    ends_from = BusinessDateFilter(field_name="end_date", lookup_expr="gte", label=_("Ends on or after"))
    starts_until = BusinessDateFilter(field_name="start_date", lookup_expr="lte", label=_("Starts on or before"))

    class Meta:
        model = Promotion
        fields = ["store", "kind", "status", "ends_from", "starts_until"]
