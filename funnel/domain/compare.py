"""Two plans side by side: each figure of A and B, how far B is from A, and by what share of A."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One figure of both plans; ``kind`` says how it is written (count or money), ``label`` what it is."""

    key: str
    kind: str
    label: Any
    a: Decimal | None
    b: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        return None if self.a is None or self.b is None else self.b - self.a

    @property
    def share(self) -> Decimal | None:
        """(B − A) / |A|; None when A is nothing or zero (a share of nothing means nothing)."""
        if self.difference is None or not self.a:
            return None
        return self.difference / abs(self.a)


@dataclass(frozen=True)
class ComparedRow:
    """A stage, a month or the total: its label and one Figure per compared key."""

    label: Any
    figures: tuple[Figure, ...]


def _number(row: Mapping[str, Any] | None, key: str) -> Decimal | None:
    value = None if row is None else row.get(key)
    return None if value is None else Decimal(str(value))


def compare_row(
    label: Any, a: Mapping[str, Any] | None, b: Mapping[str, Any] | None, keys: Sequence[tuple[str, str, Any]]
) -> ComparedRow:
    """A row of both plans' figures for ``keys`` ((key, kind, label)); a plan without the row has nothing."""
    return ComparedRow(
        label, tuple(Figure(key, kind, name, _number(a, key), _number(b, key)) for key, kind, name in keys)
    )
