"""Rota figures for pages of other apps: the gap report shows, beside its own figures, the shifts each role's rota
needs and fills (staffing sits below rotas, so its page asks for them here instead of importing them)."""

from django import template

from rotas.staffing_check import StaffingCheck, staffing_checks
from staffing.selectors import StaffingGap
from stores.models import Store

register = template.Library()


@register.simple_tag
def rota_checks(store: Store, gap: StaffingGap) -> list[StaffingCheck]:
    """Each month × role of ``gap`` whose role has shift patterns in ``store``: the rota's shifts beside it."""
    return staffing_checks(store, gap)
