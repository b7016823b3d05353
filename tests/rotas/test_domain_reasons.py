"""A shared person's share is measured against their hours in the store, and every unfilled shift says why."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from rotas.domain import (
    DAYS_IN_ROW,
    NOBODY,
    OPEN,
    REASONS,
    REST,
    TIME_OFF,
    WEEKLY_HOURS,
    Commitment,
    PatternSpec,
    PersonSpec,
    coverage_gaps,
    days_in_range,
    explain_gaps,
    generate_rota,
)

EARLY = PatternSpec(1, "early", ((time(8, 30), time(16, 30)),))
LATE = PatternSpec(2, "late", ((time(16, 0), time(0, 0)),))
FIRST, LAST = date(2026, 3, 2), date(2026, 3, 29)  # four weeks, Monday to Sunday


def need(patterns, first=FIRST, last=LAST, count=1) -> dict:
    return {(day, p.key): count for day in days_in_range(first, last) for p in patterns}


def nine_to_five(person: int, day: date) -> Commitment:
    """An 8-hour shift in the other store."""
    return Commitment(person, day, ((datetime.combine(day, time(9)), datetime.combine(day, time(17))),))


def elsewhere_shifts(person: int, per_week: int) -> list[Commitment]:
    """``per_week`` 8-hour shifts a week in the other store (Tuesdays, then Thursdays)."""
    weekdays = [1, 3][:per_week]
    return [nine_to_five(person, day) for day in days_in_range(FIRST, LAST) if day.weekday() in weekdays]


def weekly_counts(placed, person: int) -> list[int]:
    weeks = [FIRST + timedelta(weeks=n) for n in range(4)]
    days = [p.day for p in placed if p.person == person]
    return [sum(1 for d in days if week <= d < week + timedelta(days=7)) for week in weeks]


@pytest.mark.parametrize("shifts_elsewhere", [0, 1, 2])
def test_a_shared_person_fills_their_share_here_whatever_they_work_elsewhere(shifts_elsewhere):
    # 李娜: 40 hours, half in this store (20 h: two 8-hour shifts a week), half in the other.
    shared = PersonSpec(1, weekly_hours=20, total_weekly_hours=40)
    full_time = PersonSpec(2, weekly_hours=40, total_weekly_hours=40)
    plan = generate_rota(
        FIRST,
        LAST,
        [shared, full_time],
        [EARLY],
        need([EARLY]),
        max_days_in_row=6,
        commitments=elsewhere_shifts(1, shifts_elsewhere),
    )
    assert weekly_counts(plan.placed, 1) == [2, 2, 2, 2]
    assert weekly_counts(plan.placed, 2) == [5, 5, 5, 5]
    assert plan.gaps == []


def test_a_shared_persons_hours_in_all_stores_stay_within_their_weekly_hours():
    # Four shifts a week elsewhere (32 h) leave one 8-hour shift of the 40 for this store, though the share allows 2.
    busy = [nine_to_five(1, day) for day in days_in_range(FIRST, LAST) if day.weekday() in (0, 1, 2, 3)]
    shared = PersonSpec(1, weekly_hours=20, total_weekly_hours=40)
    plan = generate_rota(FIRST, LAST, [shared], [EARLY], need([EARLY]), max_days_in_row=7, commitments=busy)
    assert weekly_counts(plan.placed, 1) == [1, 1, 1, 1]
    assert {gap.reason for gap in plan.gaps} == {WEEKLY_HOURS, REST}  # its busy days clash, the others are out of hours


def test_every_unfilled_shift_carries_a_reason_and_each_persons_rule():
    people = [
        PersonSpec(1, 40, total_weekly_hours=40, days_off=frozenset(days_in_range(FIRST, FIRST + timedelta(days=6)))),
        PersonSpec(2, 20, total_weekly_hours=40, available_until=date(2026, 3, 20)),
        PersonSpec(3, 16, total_weekly_hours=16),
    ]
    plan = generate_rota(FIRST, LAST, people, [EARLY, LATE], need([EARLY, LATE], count=2), max_days_in_row=5)
    assert plan.gaps
    for gap in plan.gaps:
        assert gap.reason in REASONS and gap.reason != OPEN  # the generator leaves nobody eligible unused
        assert {person for person, _ in gap.blocked} <= {1, 2, 3}
        assert all(reason in REASONS and reason != OPEN for _, reason in gap.blocked)


def one_slot(people, commitments=(), max_days_in_row=6, patterns=(EARLY,)):
    """The gap of a single early shift on FIRST + 7 days nobody was planned on, explained."""
    day = FIRST + timedelta(days=7)
    required = {(day, EARLY.key): 1}
    gaps = coverage_gaps(required, [c for c in commitments if c.pattern is not None])
    return explain_gaps(gaps, people, list(patterns), commitments, max_days_in_row)[0]


def own_shift(person: int, day: date, pattern: PatternSpec = EARLY, inside: bool = False) -> Commitment:
    return Commitment(person, day, tuple(pattern.intervals(day)), pattern.key if inside else None, own=True)


def test_the_reason_is_nobody_when_no_one_in_the_role_works_there_that_day():
    gap = one_slot([PersonSpec(1, 40, available_until=FIRST), PersonSpec(2, 40, available_from=LAST)])
    assert gap.reason == NOBODY and gap.blocked == ((1, NOBODY), (2, NOBODY))


def test_the_reason_is_time_off():
    day = FIRST + timedelta(days=7)
    gap = one_slot([PersonSpec(1, 40, days_off=frozenset({day})), PersonSpec(2, 40, available_until=FIRST)])
    assert gap.reason == TIME_OFF and dict(gap.blocked) == {1: TIME_OFF, 2: NOBODY}


def test_the_reason_is_weekly_hours_used_in_this_store():
    week = [own_shift(1, FIRST + timedelta(days=8 + n)) for n in range(2)]  # Tue, Wed of the same week: 16 of 20 h
    gap = one_slot([PersonSpec(1, 20, total_weekly_hours=40)], week)
    assert gap.reason == WEEKLY_HOURS


def test_the_reason_is_weekly_hours_used_in_all_stores():
    day = FIRST + timedelta(days=7)
    elsewhere = [nine_to_five(1, day + timedelta(days=n)) for n in range(1, 5)]  # 32 h elsewhere that week
    gap = one_slot([PersonSpec(1, 20, total_weekly_hours=32)], elsewhere)
    assert gap.reason == WEEKLY_HOURS


def test_the_reason_is_the_rest_rule_after_a_late_shift():
    day = FIRST + timedelta(days=7)
    gap = one_slot([PersonSpec(1, 40)], [own_shift(1, day - timedelta(days=1), LATE)], patterns=(EARLY, LATE))
    assert gap.reason == REST  # the late shift ends at midnight: 8.5 hours before the early one


def test_the_reason_is_days_in_a_row():
    day = FIRST + timedelta(days=7)
    run = [own_shift(1, day - timedelta(days=n)) for n in range(1, 7)]  # six days in a row before it
    gap = one_slot([PersonSpec(1, 80)], run)
    assert gap.reason == DAYS_IN_ROW


def test_a_gap_someone_could_take_after_a_hand_edit_says_so():
    gap = one_slot([PersonSpec(1, 40), PersonSpec(2, 40, available_until=FIRST)])
    assert gap.reason == OPEN and dict(gap.blocked) == {1: OPEN, 2: NOBODY}


def test_the_reason_is_the_rule_that_keeps_most_people_off():
    day = FIRST + timedelta(days=7)
    people = [PersonSpec(1, 40, days_off=frozenset({day})), PersonSpec(2, 40), PersonSpec(3, 40)]
    late_before = [own_shift(p, day - timedelta(days=1), LATE) for p in (2, 3)]
    gap = one_slot(people, late_before, patterns=(EARLY, LATE))
    assert gap.reason == REST and dict(gap.blocked) == {1: TIME_OFF, 2: REST, 3: REST}
