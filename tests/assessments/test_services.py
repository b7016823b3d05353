"""Computing, finalising and versioning a month; weights and teamwork scores; the query count of a month."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from assessments.defaults import DEFAULT_WEIGHTS
from assessments.models import RoleWeights, Scorecard, TeamworkScore
from assessments.selectors import month_figures, store_weights
from assessments.services import (
    AssessmentInvalid,
    MonthFinalised,
    demo_assessments,
    month_compute,
    month_finalise,
    role_weights_set,
    teamwork_score_give,
)
from tests.staffing.factories import role

from .factories import SEPTEMBER, month_actuals, month_ratings, staff, unrounded_month

NOW = datetime(2026, 10, 2, 1, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def team(own_store):
    month_actuals(own_store)
    month_ratings(own_store)
    return {
        "promoter": staff(own_store, "promoter", "Zhao"),
        "service": staff(own_store, "customer_service", "Qian"),
        "logistics": staff(own_store, "logistics", "Sun"),
    }


def test_month_figures_sum_actuals_and_targets_and_average_the_ratings(own_store, team):
    figures = month_figures(own_store, SEPTEMBER)
    assert figures.uv == 9000 and figures.target_uv == 9000 and figures.days_with_actuals == 30
    assert figures.rating_service == Decimal("4.8") and figures.days_with_ratings == 10
    assert figures.returning_buyers == 60 and figures.paying_buyers == 300


def test_compute_scores_everyone_with_their_roles_weights(own_store, team):
    teamwork_score_give(own_store, team["promoter"], SEPTEMBER, 90, "Helps everyone")
    period = month_compute(own_store, SEPTEMBER, NOW)
    cards = {c.person_id: c for c in period.scorecards.all()}
    assert len(cards) == 3
    promoter = cards[team["promoter"].pk]
    assert promoter.roles == ["promoter"]
    assert promoter.teamwork == 90 and promoter.missing == []
    assert promoter.inputs["teamwork"] == {"score": 90, "comment": "Helps everyone"}
    assert promoter.weights["configured"]["results"] == DEFAULT_WEIGHTS["promoter"]["results"]
    service = cards[team["service"].pk]
    assert service.teamwork is None and service.missing == ["teamwork"]
    assert service.total is not None  # scored on results and satisfaction, flagged


def test_the_query_count_does_not_grow_with_the_team(own_store, team, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        month_compute(own_store, SEPTEMBER, NOW)
    for n in range(12):
        staff(own_store, "customer_service", f"Extra {n}")
    with django_assert_max_num_queries(14):
        period = month_compute(own_store, SEPTEMBER, NOW)
    assert period.scorecards.count() == 15


def test_recomputing_a_draft_replaces_it_in_place(own_store, team):
    first = month_compute(own_store, SEPTEMBER, NOW)
    teamwork_score_give(own_store, team["service"], SEPTEMBER, 70)
    again = month_compute(own_store, SEPTEMBER, NOW)
    assert again.pk == first.pk and again.version == 1
    assert Scorecard.objects.filter(period=again).count() == 3
    assert Scorecard.objects.get(period=again, person=team["service"]).teamwork == 70


def test_a_finalised_month_refuses_recompute_without_an_explicit_new_version(own_store, team):
    month_compute(own_store, SEPTEMBER, NOW)
    final = month_finalise(own_store, SEPTEMBER, NOW)
    before = {c.pk: c.total for c in final.scorecards.all()}
    teamwork_score_give(own_store, team["service"], SEPTEMBER, 10)
    with pytest.raises(MonthFinalised):
        month_compute(own_store, SEPTEMBER, NOW)
    newer = month_compute(own_store, SEPTEMBER, NOW, new_version=True)
    assert newer.version == 2 and not newer.is_final
    # The finalised version keeps its scorecards untouched.
    assert {c.pk: c.total for c in final.scorecards.all()} == before
    assert Scorecard.objects.get(period=newer, person=team["service"]).teamwork == 10


def test_finalising_needs_a_computed_month_and_only_once(own_store, team):
    with pytest.raises(AssessmentInvalid):
        month_finalise(own_store, SEPTEMBER, NOW)
    month_compute(own_store, SEPTEMBER, NOW)
    month_finalise(own_store, SEPTEMBER, NOW)
    with pytest.raises(AssessmentInvalid):
        month_finalise(own_store, SEPTEMBER, NOW)


def test_weights_that_do_not_add_up_are_refused_and_nothing_is_written(own_store):
    with pytest.raises(AssessmentInvalid) as refused:
        role_weights_set(own_store, role("promoter"), {**DEFAULT_WEIGHTS["promoter"], "results": 80})
    assert "110%" in refused.value.errors["dimensions"][0]
    assert not RoleWeights.objects.exists()


def test_saved_weights_replace_the_defaults_for_the_store(own_store, other_store):
    values = {**DEFAULT_WEIGHTS["promoter"], "results": 50, "satisfaction": 30}
    role_weights_set(own_store, role("promoter"), values)
    own = {row.role.code: row for row in store_weights(own_store)}
    other = {row.role.code: row for row in store_weights(other_store)}
    assert own["promoter"].values["results"] == 50 and not own["promoter"].is_default
    assert other["promoter"].is_default and own["designer"].is_default


def test_teamwork_scores_are_0_to_100_for_people_of_the_store(own_store, other_store, team):
    outsider = staff(other_store, "designer", "Li")
    with pytest.raises(AssessmentInvalid) as refused:
        teamwork_score_give(own_store, outsider, SEPTEMBER, 101)
    assert set(refused.value.errors) == {"score", "person"}
    teamwork_score_give(own_store, team["promoter"], SEPTEMBER, 80)
    teamwork_score_give(own_store, team["promoter"], SEPTEMBER, 85, "better")
    assert TeamworkScore.objects.get().score == 85


def test_a_scorecard_keeps_its_scores_unrounded(own_store):
    person = unrounded_month(own_store)
    card = month_compute(own_store, SEPTEMBER, NOW).scorecards.get(person=person)
    assert card.satisfaction == Decimal("79.3142857143") and card.total == Decimal("78.6530612245")
    assert card.inputs["satisfaction"]["positive_rate"]["points"] == 77.7  # the snapshot shows one place


def test_a_person_shared_between_stores_gets_a_card_in_each_with_their_share(own_store, other_store, team):
    shared = staff(own_store, "designer", "Zhou", share="0.6")
    from tests.staffing.factories import AssignmentFactory

    AssignmentFactory(person=shared, store=other_store, role=role("designer"), share=Decimal("0.4"))
    month_actuals(other_store)
    own = month_compute(own_store, SEPTEMBER, NOW).scorecards.get(person=shared)
    other = month_compute(other_store, SEPTEMBER, NOW).scorecards.get(person=shared)
    assert own.share == Decimal("0.60") and other.share == Decimal("0.40")
    assert "satisfaction" in other.missing  # no ratings logged in the other store


def test_the_demo_does_nothing_without_people_and_is_safe_to_run_again(own_store, other_store, team):
    assert demo_assessments(other_store, 2, date(2026, 11, 15), NOW) == []
    month_actuals(own_store, date(2026, 10, 1), days=31)
    first = demo_assessments(own_store, 2, date(2026, 11, 15), NOW)
    assert [(p.month, p.version, p.is_final) for p in first] == [(SEPTEMBER, 1, True), (date(2026, 10, 1), 1, False)]
    again = demo_assessments(own_store, 2, date(2026, 11, 15), NOW)
    assert [p.pk for p in again] == [p.pk for p in first]
