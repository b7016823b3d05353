"""The nodes of a formula: inputs, arithmetic, parentheses, figures inside figures, and the conditions a value
needs. Each reads as SQL (``sql``) and as Python (``value``) by the rules of :mod:`core.formula`."""

from __future__ import annotations

import operator
from collections.abc import Container, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .numeric import ARITHMETIC, Value, number

if TYPE_CHECKING:
    from .figure import Figure

Columns = Mapping[str, str]
ATOM = 3  # the precedence of a name, a call or a parenthesised expression
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
EXACT = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


class Expr:
    """A node of a formula; ``+ - * /`` between nodes make bigger ones."""

    def __add__(self, other: Expr) -> Expr:
        return Op("+", self, other)

    def __sub__(self, other: Expr) -> Expr:
        return Op("-", self, other)

    def __mul__(self, other: Expr) -> Expr:
        return Op("*", self, other)

    def __truediv__(self, other: Expr) -> Expr:
        return Op("/", self, other)

    def sql(self, columns: Columns) -> str:
        raise NotImplementedError

    def value(self, inputs: Mapping[str, Any], exact: bool) -> Value | None:
        raise NotImplementedError

    def precedence(self, columns: Columns) -> int:
        return ATOM

    def is_quotient(self, columns: Columns) -> bool:
        """Whether the SQL is a division's result already (numeric whatever its inputs)."""
        return False

    def conditions(self, known: Container[str]) -> list[Condition]:
        """What must hold for the value to exist: a positive divisor for each division, in reading order."""
        return []

    def substitute(self, bindings: Mapping[str, Expr]) -> Expr:
        return self


@dataclass(frozen=True, eq=True)
class Input(Expr):
    """A named input: a column of the statement, a key of the row."""

    name: str

    def sql(self, columns: Columns) -> str:
        return columns.get(self.name, self.name)

    def value(self, inputs: Mapping[str, Any], exact: bool) -> Value | None:
        return number(inputs.get(self.name), exact)

    def substitute(self, bindings: Mapping[str, Expr]) -> Expr:
        return bindings.get(self.name, self)


@dataclass(frozen=True, eq=True)
class Op(Expr):
    """An arithmetic operation; SQL gets the parentheses the precedence needs and nothing more."""

    op: str
    left: Expr
    right: Expr

    def precedence(self, columns: Columns) -> int:
        return PRECEDENCE[self.op]

    def sql(self, columns: Columns) -> str:
        mine = self.precedence(columns)
        left, right = self.left.sql(columns), self.right.sql(columns)
        if self.left.precedence(columns) < mine:
            left = f"({left})"
        if self.right.precedence(columns) <= mine:
            right = f"({right})"
        if self.op == "/" and not self.left.is_quotient(columns):
            left = f"{left} * 1.0"
        return f"{left} {self.op} {right}"

    def is_quotient(self, columns: Columns) -> bool:
        return self.op == "/" or (self.op == "*" and self.left.is_quotient(columns))

    def value(self, inputs: Mapping[str, Any], exact: bool) -> Value | None:
        left, right = self.left.value(inputs, exact), self.right.value(inputs, exact)
        if left is None or right is None:
            return None
        if self.op == "/" and right <= 0:
            return None
        if exact:
            return EXACT[self.op](Fraction(left), Fraction(right))
        if isinstance(left, int) and isinstance(right, int) and self.op != "/":
            return EXACT[self.op](left, right)  # integer arithmetic, as SQL's on integers
        return ARITHMETIC[self.op](Decimal(left), Decimal(right))

    def conditions(self, known: Container[str]) -> list[Condition]:
        found = self.left.conditions(known) + self.right.conditions(known)
        return found + [Positive(self.right)] if self.op == "/" else found

    def substitute(self, bindings: Mapping[str, Expr]) -> Expr:
        return Op(self.op, self.left.substitute(bindings), self.right.substitute(bindings))


@dataclass(frozen=True, eq=True)
class Group(Expr):
    """Parentheses kept in the SQL where reading asks for them, e.g. ``(gmv - t_gmv) - uv_eff``."""

    inner: Expr

    def sql(self, columns: Columns) -> str:
        return f"({self.inner.sql(columns)})"

    def value(self, inputs: Mapping[str, Any], exact: bool) -> Value | None:
        return self.inner.value(inputs, exact)

    def is_quotient(self, columns: Columns) -> bool:
        return self.inner.is_quotient(columns)

    def conditions(self, known: Container[str]) -> list[Condition]:
        return self.inner.conditions(known)

    def substitute(self, bindings: Mapping[str, Expr]) -> Expr:
        return Group(self.inner.substitute(bindings))


@dataclass(frozen=True, eq=True)
class Ref(Expr):
    """A figure inside another: whole (rounded, read from its column or the inputs where there is one), or
    unrounded (written out in place, its conditions joining the outer figure's)."""

    figure: Figure
    rounded: bool = True

    def _read(self, known: Container[str]) -> bool:
        return self.rounded and self.figure.name in known

    def sql(self, columns: Columns) -> str:
        if self._read(columns):
            return columns[self.figure.name]
        return self.figure.sql(columns) if self.rounded else self.figure.expression.sql(columns)

    def precedence(self, columns: Columns) -> int:
        if self._read(columns) or (self.rounded and (self.figure.rounding or self.figure.conditions(columns))):
            return ATOM
        return self.figure.expression.precedence(columns)

    def is_quotient(self, columns: Columns) -> bool:
        return not self.rounded and self.figure.expression.is_quotient(columns)

    def value(self, inputs: Mapping[str, Any], exact: bool) -> Value | None:
        if self._read(inputs):
            return number(inputs[self.figure.name], exact)
        if self.rounded:
            return self.figure.evaluate(inputs, exact)
        return self.figure.expression.value(inputs, exact)

    def conditions(self, known: Container[str]) -> list[Condition]:
        return [] if self.rounded else self.figure.conditions(known)


@dataclass(frozen=True, eq=True)
class Positive:
    """A condition: the expression is known and above zero."""

    expr: Expr

    def sql(self, columns: Columns) -> str:
        return f"{self.expr.sql(columns)} > 0"

    def holds(self, inputs: Mapping[str, Any], exact: bool) -> bool:
        value = self.expr.value(inputs, exact)
        return value is not None and value > 0

    def substitute(self, bindings: Mapping[str, Expr]) -> Positive:
        return Positive(self.expr.substitute(bindings))


@dataclass(frozen=True, eq=True)
class Known:
    """A condition: the expression is known (not NULL)."""

    expr: Expr

    def sql(self, columns: Columns) -> str:
        return f"{self.expr.sql(columns)} IS NOT NULL"

    def holds(self, inputs: Mapping[str, Any], exact: bool) -> bool:
        return self.expr.value(inputs, exact) is not None

    def substitute(self, bindings: Mapping[str, Expr]) -> Known:
        return Known(self.expr.substitute(bindings))


Condition = Positive | Known
