"""One filterset for the store list page and the stores endpoint."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Platform, StoreStatus
from .models import Store


class StoreFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    platform = django_filters.ChoiceFilter(choices=Platform.choices, label=_("Platform"))
    status = django_filters.ChoiceFilter(choices=StoreStatus.choices, label=_("Status"))

    class Meta:
        model = Store
        fields = ["q", "platform", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))
