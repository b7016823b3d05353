"""A figure: a named expression with its column's rounding, written as SQL or computed in Python, and figures
defined as others over other inputs."""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .nodes import Columns, Condition, Expr
from .numeric import Value, quantize


@dataclass(frozen=True)
class Cast:
    """Rounded as a numeric(digits, places) column holds it."""

    digits: int
    places: int

    def sql(self, body: str) -> str:
        return f"CAST({body} AS numeric({self.digits}, {self.places}))"

    def apply(self, value: Value) -> Decimal:
        return quantize(value, self.places)


@dataclass(frozen=True)
class Round:
    """Rounded to ``places`` decimals."""

    places: int

    def sql(self, body: str) -> str:
        return f"ROUND({body}, {self.places})"

    def apply(self, value: Value) -> Decimal:
        return quantize(value, self.places)


Rounding = Cast | Round


class Figure:
    """A named figure: its expression, its rounding and what else it requires. Call it on a row (a mapping) or on
    inputs by name for its value; :meth:`sql` writes it for a statement."""

    def __init__(
        self, name: str, expression: Expr, rounding: Rounding | None = None, requires: tuple[Condition, ...] = ()
    ) -> None:
        self.name = name
        self.expression = expression
        self.rounding = rounding
        self.requires = requires

    def __repr__(self) -> str:
        return f"<Figure {self.name}: {self.sql()}>"

    def conditions(self, known: Container[str] = ()) -> list[Condition]:
        """The figure's requirements, then a positive divisor for each division, each once."""
        found: list[Condition] = []
        for condition in (*self.requires, *self.expression.conditions(known)):
            if condition not in found:
                found.append(condition)
        return found

    def sql(self, columns: Columns | None = None) -> str:
        """The figure as SQL over ``columns`` (input name -> column; by default the input's own name). A figure
        that ``columns`` names a column for is read from it (computed one SELECT below)."""
        columns = columns or {}
        if self.name in columns:
            return columns[self.name]
        body = self.expression.sql(columns)
        conditions = self.conditions(columns)
        if conditions:
            body = f"CASE WHEN {' AND '.join(c.sql(columns) for c in conditions)} THEN {body} END"
        return self.rounding.sql(body) if self.rounding else body

    def evaluate(self, inputs: Mapping[str, Any], exact: bool = False) -> Value | None:
        """The value over ``inputs``: rounded as the column holds it, or exact (a Fraction, unrounded)."""
        if not all(c.holds(inputs, exact) for c in self.conditions(inputs)):
            return None
        value = self.expression.value(inputs, exact)
        if value is None or exact or self.rounding is None:
            return value
        return self.rounding.apply(value)

    def __call__(self, row: Mapping[str, Any] | None = None, /, **inputs: Any) -> Value | None:
        """The value as the SQL gives it, from ``row`` and/or inputs by name (a missing input is None)."""
        return self.evaluate({**(row or {}), **inputs})

    def exact(self, row: Mapping[str, Any] | None = None, /, **inputs: Any) -> Fraction | None:
        """The exact value, unrounded, as a Fraction (for scores that round once, where they are shown)."""
        value = self.evaluate({**(row or {}), **inputs}, exact=True)
        return None if value is None else Fraction(value)

    def bound(self, name: str, rounding: Rounding | None = None, **bindings: Expr) -> Figure:
        """This figure over other inputs (``actual=orders``), under another name, with ``rounding`` instead of its
        own if given. It follows this figure: a change to this one's definition is a change to it."""
        return Bound(self, name, rounding, bindings)


class Bound(Figure):
    """A figure defined as another over other inputs (see :meth:`Figure.bound`)."""

    def __init__(self, base: Figure, name: str, rounding: Rounding | None, bindings: Mapping[str, Expr]) -> None:
        self.base, self.name, self.bindings, self._rounding = base, name, dict(bindings), rounding

    @property
    def expression(self) -> Expr:
        return self.base.expression.substitute(self.bindings)

    @property
    def rounding(self) -> Rounding | None:
        return self._rounding or self.base.rounding

    @property
    def requires(self) -> tuple[Condition, ...]:
        return tuple(c.substitute(self.bindings) for c in self.base.requires)
