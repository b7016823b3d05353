"""The scoring itself, without a database: weights, caps, the rating bands, missing inputs, shared people."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.defaults import DEFAULT_WEIGHTS
from assessments.domain import (
    GROUPS,
    MonthFigures,
    Thresholds,
    attainment_points,
    band_points,
    blend_weights,
    combine,
    overall_total,
    score_card,
    weights_errors,
)
from assessments.snapshot import RoleShare, person_card
from core.numbers import rounded

D = Decimal
LIMITS = Thresholds()
ON_PLAN = MonthFigures(
    uv=10000,
    pv=40000,
    orders=200,
    gmv=D("20000"),
    target_uv=10000,
    target_orders=200,
    target_gmv=D("20000"),
    paying_buyers=200,
    returning_buyers=40,
    days_with_actuals=30,
    rating_description=D("4.8"),
    rating_service=D("4.8"),
    rating_shipping=D("4.8"),
    positive_rate=D("98.5"),
    days_with_ratings=30,
)


def test_every_default_role_adds_up_to_100_in_each_group():
    for role, weights in DEFAULT_WEIGHTS.items():
        assert weights_errors(weights) == {}, role


def test_promoters_lean_on_results_and_customer_service_on_satisfaction():
    assert DEFAULT_WEIGHTS["promoter"]["results"] > DEFAULT_WEIGHTS["promoter"]["satisfaction"]
    assert DEFAULT_WEIGHTS["customer_service"]["satisfaction"] > DEFAULT_WEIGHTS["customer_service"]["results"]
    assert DEFAULT_WEIGHTS["logistics"]["rating_shipping"] >= 50


def test_weights_not_adding_up_to_100_are_refused_with_the_sum():
    weights = {**DEFAULT_WEIGHTS["promoter"], "teamwork": 30}
    errors = weights_errors(weights)
    assert list(errors) == ["dimensions"]
    assert "110%" in errors["dimensions"][0] and "100%" in errors["dimensions"][0]


def test_a_weight_outside_0_to_100_or_not_whole_is_refused_per_field():
    errors = weights_errors({**DEFAULT_WEIGHTS["promoter"], "uv": -5, "aov": 1.5})
    assert set(errors) == {"uv", "aov"}


def test_attainment_is_capped_and_mapped_onto_0_to_100():
    cap = D("1.20")
    assert attainment_points(D(100), D(100), cap) == Fraction(250, 3)  # shown 83.3
    assert attainment_points(D(120), D(100), cap) == 100
    assert attainment_points(D(500), D(100), cap) == 100
    assert attainment_points(D(0), D(100), cap) == 0
    assert attainment_points(D(50), None, cap) is None
    assert attainment_points(None, D(100), cap) is None
    assert attainment_points(D(50), D(0), cap) is None


def test_ratings_earn_80_at_good_100_at_5_and_nothing_at_the_floor():
    floor, good = D("4.5"), D("4.8")
    assert band_points(D("4.8"), floor, good, D(5)) == 80
    assert band_points(D("5.0"), floor, good, D(5)) == 100
    assert band_points(D("4.9"), floor, good, D(5)) == 90
    assert band_points(D("4.65"), floor, good, D(5)) == 40
    assert band_points(D("4.2"), floor, good, D(5)) == 0
    assert band_points(None, floor, good, D(5)) is None


def test_a_month_on_plan_with_good_ratings():
    card = score_card(ON_PLAN, DEFAULT_WEIGHTS["ops_manager"], D(90), LIMITS)
    # GMV, UV, conversion, AOV at 100% of plan: 83.3 each; repeat rate 20% against 20%: 83.3.
    assert rounded(card.scores["results"], 1) == D("83.3")
    assert card.scores["satisfaction"] == 80
    assert card.scores["teamwork"] == 90
    assert rounded(card.total, 1) == D("84.0")  # 0.6 × 83.33 + 0.2 × 80 + 0.2 × 90
    assert card.missing == []


def test_no_teamwork_score_is_missing_and_the_other_weights_are_renormalised_never_zero():
    card = score_card(ON_PLAN, DEFAULT_WEIGHTS["ops_manager"], None, LIMITS)
    assert card.scores["teamwork"] is None
    assert card.missing == ["teamwork"]
    assert card.used["dimensions"] == {"results": D(75), "satisfaction": D(25)}
    assert card.total == Fraction(165, 2)  # 0.75 × 83.33 + 0.25 × 80, not 0.6 × 83.33 + 0.2 × 80 + 0


def test_no_ratings_pushed_leaves_satisfaction_out():
    month = MonthFigures(**{**ON_PLAN.__dict__, "rating_description": None, "rating_service": None,
                            "rating_shipping": None, "positive_rate": None, "days_with_ratings": 0})  # fmt: skip
    card = score_card(month, DEFAULT_WEIGHTS["customer_service"], D(80), LIMITS)
    assert card.scores["satisfaction"] is None
    assert card.missing == ["satisfaction"]
    assert sum(card.used["dimensions"].values()) == 100


def test_a_missing_figure_inside_results_is_flagged_and_renormalised_within_results():
    month = MonthFigures(**{**ON_PLAN.__dict__, "paying_buyers": None, "returning_buyers": None})
    card = score_card(month, DEFAULT_WEIGHTS["logistics"], D(80), LIMITS)
    assert "results.repeat_rate" in card.missing
    assert card.used["results"] == {"gmv": D(100)}  # logistics weighs GMV 30, repeat rate 70: all goes to GMV
    assert card.scores["results"] == Fraction(250, 3)


def test_a_zero_weighted_missing_figure_is_not_flagged():
    month = MonthFigures(**{**ON_PLAN.__dict__, "paying_buyers": None, "returning_buyers": None})
    card = score_card(month, DEFAULT_WEIGHTS["promoter"], D(80), LIMITS)
    assert card.missing == []


def test_nothing_at_all_gives_no_total():
    card = score_card(MonthFigures(), DEFAULT_WEIGHTS["designer"], None, LIMITS)
    assert card.total is None
    assert set(card.missing) == set(GROUPS["dimensions"])


def test_combine_skips_missing_inputs():
    combined = combine({"a": D(50), "b": None}, {"a": 40, "b": 60})
    assert combined.score == 50 and combined.missing == ["b"] and combined.used == {"a": D(100)}


def test_two_roles_in_one_store_blend_their_weights_by_share():
    blended = blend_weights([(DEFAULT_WEIGHTS["promoter"], D("0.5")), (DEFAULT_WEIGHTS["customer_service"], D("0.5"))])
    assert blended["results"] == 50 and blended["satisfaction"] == 30 and blended["teamwork"] == 20
    for names in GROUPS.values():
        assert sum(blended[name] for name in names) == 100


def test_a_shared_person_gets_a_card_per_store_with_their_share_and_an_overall_weighted_by_share():
    roles = [RoleShare("customer_service", DEFAULT_WEIGHTS["customer_service"], D("0.6"))]
    own = person_card(ON_PLAN, roles, D(100), LIMITS)
    assert own.share == D("0.6")
    assert overall_total([(D(80), D("0.6")), (D(60), D("0.4"))]) == 72
    assert overall_total([(D(80), D("0.6")), (None, D("0.4"))]) == 80
    assert overall_total([]) is None


def test_a_total_is_weighted_from_the_exact_dimension_scores_not_the_shown_ones():
    # A month's average positive-rating rate of 98.30518125% earns 75.547 points (shown 75.5).
    month = MonthFigures(positive_rate=D("98.30518125"), days_with_ratings=10)
    weights = {**DEFAULT_WEIGHTS["customer_service"], "results": 30, "satisfaction": 50, "teamwork": 20}
    weights |= {"rating_description": 0, "rating_service": 0, "rating_shipping": 0, "positive_rate": 100}
    card = score_card(month, weights, D(77), LIMITS)
    assert card.scores["satisfaction"] == D("75.547") and rounded(card.scores["satisfaction"], 1) == D("75.5")
    # weights 50/20 with results missing: (75.547 × 50 + 77 × 20) / 70 = 75.962
    assert rounded(card.total, 1) == D("76.0")  # not 75.9 from (75.5 × 50 + 77 × 20) / 70 = 75.93


def test_a_scorecard_total_comes_from_the_unrounded_satisfaction_score():
    ratings = {f"rating_{k}": D("4.80") for k in ("description", "service", "shipping")}
    month = MonthFigures(**ratings, positive_rate=D("98.40"), days_with_ratings=10)
    weights = {**DEFAULT_WEIGHTS["customer_service"], "results": 30, "satisfaction": 50, "teamwork": 20}
    card = score_card(month, weights, D(77), LIMITS)
    assert rounded(card.scores["satisfaction"], 1) == D("79.3")  # 79.314
    assert rounded(card.total, 1) == D("78.7")  # 78.653; 78.6 from the shown 79.3
    assert card.missing == ["results"]


def test_an_overall_total_is_weighted_from_the_unrounded_store_totals():
    # 75.94 and 80.04 are shown 75.9 and 80.0; weighted 3:1 they total 76.965 → 77.0, not 76.925 → 76.9
    assert rounded(overall_total([(D("75.94"), D("0.75")), (D("80.04"), D("0.25"))]), 1) == D("77.0")


def _half_up_1(value: Fraction) -> Decimal:
    whole = (abs(value) * 10 + Fraction(1, 2)).__floor__()
    return D(whole if value >= 0 else -whole) / 10


ratings = st.integers(min_value=420, max_value=500).map(lambda n: D(n) / 100)
rates = st.integers(min_value=9000, max_value=10000).map(lambda n: D(n) / 100)
weight_sets = st.lists(st.integers(min_value=0, max_value=100), min_size=4, max_size=4).filter(lambda w: sum(w) > 0)


@settings(max_examples=300, deadline=None)
@given(
    description=ratings,
    service=ratings,
    shipping=ratings,
    rate=rates,
    teamwork=st.integers(min_value=0, max_value=100),
    satisfaction_weights=weight_sets,
    dimension_weights=st.tuples(st.integers(1, 100), st.integers(1, 100)),
)
def test_the_total_is_the_exact_formula_rounded_once(
    description, service, shipping, rate, teamwork, satisfaction_weights, dimension_weights
):
    month = MonthFigures(
        rating_description=description, rating_service=service, rating_shipping=shipping, positive_rate=rate
    )
    names = GROUPS["satisfaction"]
    weights = {name: 0 for name in GROUPS["results"]}
    weights |= dict(zip(names, satisfaction_weights, strict=True))
    weights |= {"results": 0, "satisfaction": dimension_weights[0], "teamwork": dimension_weights[1]}
    card = score_card(month, weights, D(teamwork), LIMITS)

    def band(value, floor, good, top):
        value, floor, good, top = map(Fraction, (value, floor, good, top))
        if value <= floor:
            return Fraction(0)
        if value < good:
            return (value - floor) / (good - floor) * 80
        return min(Fraction(100), 80 + (value - good) / (top - good) * 20)

    points = [band(v, LIMITS.dsr_floor, LIMITS.dsr_good, 5) for v in (description, service, shipping)]
    points.append(band(rate, LIMITS.positive_floor, LIMITS.positive_target, 100))
    present = [(p, w) for p, w in zip(points, satisfaction_weights, strict=True) if w]
    satisfaction = sum(p * w for p, w in present) / sum(w for _p, w in present)
    a, b = dimension_weights
    exact = (satisfaction * a + teamwork * b) / (a + b)
    assert card.scores["satisfaction"] == satisfaction
    assert rounded(card.total, 1) == _half_up_1(exact)
