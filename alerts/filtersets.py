"""One filterset for the alert list page and the alerts endpoint."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import AlertKind, AlertState, Severity
from .models import Alert

UNRESOLVED = "unresolved"


class AlertFilterSet(django_filters.FilterSet):
    store = django_filters.CharFilter(field_name="store__code", label=_("Store"), help_text=_("The store's code."))
    state = django_filters.ChoiceFilter(
        choices=[(UNRESOLVED, _("Open or acknowledged")), *AlertState.choices],
        method="filter_state",
        label=_("State"),
    )
    kind = django_filters.ChoiceFilter(choices=AlertKind.choices, label=_("Kind"))
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=_("Severity"))

    class Meta:
        model = Alert
        fields = ["store", "state", "kind", "severity"]

    def filter_state(self, queryset, name, value):
        if value == UNRESOLVED:
            return queryset.exclude(state=AlertState.RESOLVED)
        return queryset.filter(state=value)
