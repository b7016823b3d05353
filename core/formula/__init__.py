"""A formula written once and read two ways: as SQL text for a statement, and as a Python function over numbers
that answers what the statement answers.

A :class:`Figure` is an expression over named inputs (``orders / uv``) with the rounding of the column that holds
it. The two readings follow the same rules:

- Every division is by a positive number. SQL wraps the expression in ``CASE WHEN <divisor> > 0 … END``; Python
  answers None where a divisor is missing or not positive, as SQL answers NULL. A figure may require more
  (``requires``: an input known, another positive), in both readings.
- A missing input makes the figure missing, as NULL does in SQL.
- SQL multiplies by 1.0 before dividing anything that is not already a quotient, so that integers never divide as
  integers. Python computes as PostgreSQL's numeric does: sums and products exact, a quotient to the scale
  PostgreSQL gives it (at least 16 significant digits), so that a quotient rounded again lands where the
  statement's does. :meth:`Figure.exact` computes in Fractions instead, unrounded.
- Rounding is half away from zero, PostgreSQL's for numeric (``CAST(x AS numeric(p, s))``, ``ROUND(x, s)``) and
  ``ROUND_HALF_UP`` in Python.

Inputs are named as the figures' readers name them. A statement whose columns are named otherwise passes
``columns`` (``{"target_orders": "t_orders"}``). A figure used inside another is a :class:`Ref`: used whole (as
its column holds it), SQL reads it from a column when ``columns`` names one for it and Python from the inputs when
they hold it, else each computes it; used unrounded, it is written out in place, and its conditions join the
outer figure's.
"""

from .figure import Bound, Cast, Figure, Round, Rounding
from .nodes import Condition, Expr, Group, Input, Known, Op, Positive, Ref

__all__ = [
    "Bound",
    "Cast",
    "Condition",
    "Expr",
    "Figure",
    "Group",
    "Input",
    "Known",
    "Op",
    "Positive",
    "Ref",
    "Round",
    "Rounding",
]
