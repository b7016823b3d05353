"""Filters of the assessment pages: scores, figures by kind, and the labels of keys stored in scorecards."""

from __future__ import annotations

from typing import Any

from django import template

from assessments import labels
from core import numbers

register = template.Library()

PERCENT_RATIOS = {"conversion", "repeat_rate"}
MONEY = {"gmv", "aov"}
COUNTS = {"uv", "pv", "orders"}
RATINGS = {"rating_description", "rating_service", "rating_shipping"}


@register.filter
def score(value: Any) -> str:
    """A score out of 100 with one decimal, rounded here from the unrounded score; "–" when missing."""
    return numbers.grouped(value, 1)


@register.filter
def figure(value: Any, key: str) -> str:
    """A figure of the snapshot as people read it (core.numbers): ratios as %, money in ¥, ratings with two
    decimals; "–" when missing."""
    if key in PERCENT_RATIOS:
        return numbers.pct(value, 2)
    if key == "positive_rate":  # stored as a percentage already
        text = numbers.grouped(value, 2)
        return text if text == numbers.NOTHING else f"{text}%"
    if key in MONEY:
        return numbers.money(value)
    if key in COUNTS:
        return numbers.count(value)
    if key in RATINGS:
        return numbers.grouped(value, 2)
    return numbers.NOTHING if value is None or value == "" else str(value)


@register.filter
def figure_label(key: str) -> str:
    return labels.figure_label(key)


@register.filter
def missing_label(key: str) -> str:
    return labels.missing_label(key)


@register.filter
def role_names(codes: list[str]) -> str:
    return labels.role_names(codes)


@register.filter
def weight(used: dict, key: str) -> str:
    """The weight applied to ``key`` in a scorecard's ``used`` weights (0 when left out)."""
    value = (used or {}).get(key)
    return "0" if value is None else f"{value:g}"


@register.filter
def group(mapping: dict, key: str) -> dict:
    """``mapping[key]`` or an empty dict (the snapshot's figures of a dimension, or its applied weights)."""
    return (mapping or {}).get(key) or {}


@register.filter
def dimension(card: Any, key: str) -> Any:
    """A scorecard's score for a dimension (results, satisfaction or teamwork)."""
    return getattr(card, key, None) if key in ("results", "satisfaction", "teamwork") else None
