"""How assessment keys read on pages and in exports: figures, weight groups, missing inputs, roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.text import joined

from .choices import Dimension, ResultsMetric, SatisfactionMetric

FIGURES = {**dict(Dimension.choices), **dict(ResultsMetric.choices), **dict(SatisfactionMetric.choices)}


def figure_label(key: str) -> str:
    return str(FIGURES.get(key, key))


def missing_label(key: str) -> str:
    """``results.repeat_rate`` -> "Results: Repeat-purchase rate against target"; ``teamwork`` -> "Teamwork"."""
    group, _dot, name = key.partition(".")
    if not name:
        return figure_label(group)
    return _("%(dimension)s: %(figure)s") % {"dimension": figure_label(group), "figure": figure_label(name)}


def role_names(codes: Iterable[str]) -> str:
    labels = dict(Role.choices)
    return joined(str(labels.get(code, code)) for code in codes)
