"""A person's card from the month's inputs, and the JSON a scorecard keeps of them: pure, no ORM.

The snapshot holds every figure a score came from, so a scorecard still explains itself after the plan, the
actuals or the weights have changed. Its figures are rounded for showing (points and weights to one place) and are
never computed from again: the scorecard's own columns keep the unrounded scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from core.numbers import rounded

from .domain import WEIGHT_FIELDS, Card, MonthFigures, Thresholds, blend_weights, score_card

ONE = Decimal(1)


@dataclass(frozen=True)
class RoleShare:
    """One of a person's roles in the store, the weights it is assessed by and their share of time in it."""

    role: str
    weights: Mapping[str, Any]
    share: Decimal


@dataclass(frozen=True)
class PersonCard:
    card: Card
    share: Decimal  # of their time in this store, at most 1
    weights: dict[str, Fraction]  # the configured weights, blended over their roles


def person_card(
    month: MonthFigures, roles: Sequence[RoleShare], teamwork: Decimal | None, limits: Thresholds
) -> PersonCard:
    """Someone's card in one store: several roles there are weighted by the share of time in each."""
    weights = blend_weights((r.weights, r.share) for r in roles)
    share = min(ONE, sum((r.share for r in roles), Decimal(0)))
    return PersonCard(score_card(month, weights, teamwork, limits), share, weights)


def _number(value: Any, places: int = 4) -> float | int | None:
    """A figure as the snapshot shows it: rounded once, half away from zero, like every figure on the page."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return float(rounded(value, places))


def weights_json(card: PersonCard) -> dict[str, Any]:
    """The weights as configured (blended over roles) and as applied after leaving missing inputs out."""
    return {
        "configured": {name: _number(card.weights[name], 1) for name in WEIGHT_FIELDS},
        "used": {
            group: {name: _number(value, 1) for name, value in used.items()} for group, used in card.card.used.items()
        },
    }


def inputs_json(
    month: MonthFigures,
    card: PersonCard,
    roles: Sequence[RoleShare],
    teamwork: Decimal | None,
    comment: str,
    limits: Thresholds,
) -> dict[str, Any]:
    """Everything the scores came from: the store's month, each figure's value, target and points, the roles."""
    return {
        "month": {key: _number(value, 2) for key, value in asdict(month).items()},
        **{
            group: {
                key: {"value": _number(f.value), "target": _number(f.target), "points": _number(f.points, 1)}
                for key, f in figures.items()
            }
            for group, figures in card.card.figures.items()
        },
        "teamwork": None if teamwork is None else {"score": _number(teamwork), "comment": comment},
        "roles": [{"role": r.role, "share": _number(r.share, 2)} for r in roles],
        "thresholds": {key: _number(value, 3) for key, value in asdict(limits).items()},
    }
