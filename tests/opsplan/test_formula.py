"""A formula reads as SQL and as Python by the same rules (core.formula), without a database."""

from decimal import Decimal
from fractions import Fraction

from core.formula import Cast, Figure, Group, Input, Known, Positive, Ref, Round

D = Decimal
a, b, c, n = Input("a"), Input("b"), Input("c"), Input("n")


def test_a_division_is_guarded_by_its_divisor_and_multiplied_by_one_first():
    share = Figure("share", a / b, Cast(9, 4))
    assert share.sql() == "CAST(CASE WHEN b > 0 THEN a * 1.0 / b END AS numeric(9, 4))"
    assert share.sql({"b": "t_b"}) == "CAST(CASE WHEN t_b > 0 THEN a * 1.0 / t_b END AS numeric(9, 4))"


def test_a_quotient_is_not_multiplied_again_and_parentheses_are_only_where_needed():
    figure = Figure("f", (a - b) * c / b / n)
    assert figure.sql() == "CASE WHEN b > 0 AND n > 0 THEN (a - b) * c * 1.0 / b / n END"
    assert Figure("g", a / (b + c)).sql() == "CASE WHEN b + c > 0 THEN a * 1.0 / (b + c) END"
    assert Figure("h", a - (b - c)).sql() == "a - (b - c)"


def test_python_answers_none_where_sql_answers_null():
    share = Figure("share", a / b, Cast(9, 4))
    assert share(a=1, b=0) is None
    assert share(a=None, b=4) is None
    assert share(a=1, b=None) is None
    assert share(a=1, b=-2) is None
    assert Figure("diff", a - b)(a=3) is None


def test_rounding_is_half_away_from_zero_as_postgresql_rounds_numerics():
    assert Figure("f", a / b, Cast(14, 2))(a=D("0.05"), b=2) == D("0.03")  # 0.025, not 0.02 (half to even)
    assert Figure("f", a / b, Round(2))(a=D("-0.05"), b=2) == D("-0.03")
    assert Figure("f", a / b, Cast(9, 6))(a=1, b=3) == D("0.333333")


def test_a_row_gives_the_inputs_and_names_override_it():
    share = Figure("share", a / b, Cast(9, 4))
    assert share({"a": 1, "b": 4}) == D("0.2500")
    assert share({"a": 1, "b": 4}, b=8) == D("0.1250")


def test_exact_values_are_unrounded_fractions():
    assert Figure("f", a / b, Cast(9, 4)).exact(a=1, b=3) == Fraction(1, 3)
    assert Figure("f", a / b).exact(a=D("0.1"), b=3) == Fraction(1, 30)


def test_requirements_come_first_and_each_condition_once():
    figure = Figure("f", a / b, Round(2), requires=(Positive(b), Known(c)))
    assert figure.sql() == "ROUND(CASE WHEN b > 0 AND c IS NOT NULL THEN a * 1.0 / b END, 2)"
    assert figure(a=1, b=2) is None  # c unknown
    assert figure(a=1, b=2, c=0) == D("0.50")


def test_a_whole_figure_inside_another_is_read_where_it_is_given_and_computed_elsewhere():
    part = Figure("part", a / b, Round(2))
    rest = Figure("rest", Group(c) - Ref(part))
    assert rest.sql() == "(c) - ROUND(CASE WHEN b > 0 THEN a * 1.0 / b END, 2)"
    assert rest.sql({"part": "p"}) == "(c) - p"
    assert rest(a=1, b=3, c=1) == D("0.67")  # 1 - 0.33, the rounded part
    assert rest(c=1, part=D("0.5")) == D("0.5")
    assert rest(a=1, b=0, c=1) is None


def test_an_unrounded_figure_inside_another_is_written_out_and_brings_its_conditions():
    rate = Figure("rate", a / b * n, Round(2))
    pace = Figure("pace", Ref(rate, rounded=False) / c, Cast(9, 4))
    assert pace.sql() == "CAST(CASE WHEN b > 0 AND c > 0 THEN a * 1.0 / b * n / c END AS numeric(9, 4))"
    # From the unrounded rate (10 / 3 * 2 = 6.666…), never from a rounded one given among the inputs.
    assert pace(a=10, b=3, n=2, c=10, rate=D("6.67")) == D("0.6667")
    assert pace(a=10, b=0, n=2, c=10) is None


def test_a_bound_figure_follows_the_definition_it_is_bound_to():
    share = Figure("share", a / b, Cast(9, 4))
    of_c = share.bound("of_c", a=c)
    assert of_c.sql() == "CAST(CASE WHEN b > 0 THEN c * 1.0 / b END AS numeric(9, 4))"
    assert of_c(c=1, b=8) == D("0.1250")
    assert share.bound("rounded", Round(1), a=c)(c=1, b=8) == D("0.1")
    share.expression = a / (a + b)
    assert of_c.sql() == "CAST(CASE WHEN c + b > 0 THEN c * 1.0 / (c + b) END AS numeric(9, 4))"
    assert of_c(c=1, b=7) == D("0.1250")
