"""Filtersets shared by the inventory pages and endpoints."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateFilter

from .choices import Lifecycle, MovementKind, ProductRole
from .models import Product, StockMovement


class ProductFilterSet(django_filters.FilterSet):
    store = django_filters.CharFilter(field_name="store__code", label=_("Store code"))
    q = django_filters.CharFilter(method="search", label=_("SKU code, name or style"))
    role = django_filters.ChoiceFilter(choices=ProductRole.choices, label=_("Role"))
    lifecycle = django_filters.ChoiceFilter(choices=Lifecycle.choices, label=_("Lifecycle stage"))
    is_main_push = django_filters.BooleanFilter(label=_("Main-push item"))
    is_listed = django_filters.BooleanFilter(label=_("Listed"))

    class Meta:
        model = Product
        fields = ["store", "q", "role", "lifecycle", "is_main_push", "is_listed"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(style__icontains=value))


class MovementFilterSet(django_filters.FilterSet):
    store = django_filters.CharFilter(field_name="store__code", label=_("Store code"))
    sku = django_filters.CharFilter(field_name="product__code", label=_("SKU code"))
    kind = django_filters.ChoiceFilter(choices=MovementKind.choices, label=_("Kind"))
    source = django_filters.CharFilter(field_name="source", label=_("Source"))
    date_from = BusinessDateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = BusinessDateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = StockMovement
        fields = ["store", "sku", "kind", "source", "date_from", "date_to"]
