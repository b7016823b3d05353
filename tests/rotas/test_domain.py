"""The rota generator and the coverage check, without a database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from rotas.domain import (
    Commitment,
    Demand,
    PatternSpec,
    PersonSpec,
    Placed,
    coverage_gaps,
    days_in_range,
    generate_rota,
    required_headcount,
    rule_breaches,
)
from staffing.domain import day_work, unplanned_day

EARLY = PatternSpec(1, "early", ((time(8, 30), time(16, 30)),))
LATE = PatternSpec(2, "late", ((time(16, 0), time(0, 0)),))
NIGHT = PatternSpec(3, "night", ((time(22, 0), time(6, 0)),))
SPLIT = PatternSpec(4, "split", ((time(9, 0), time(12, 0)), (time(18, 0), time(22, 0))))
FIRST, LAST = date(2026, 3, 2), date(2026, 3, 29)  # four weeks, Monday to Sunday


def team(count: int, hours: float = 40) -> list[PersonSpec]:
    return [PersonSpec(key, hours) for key in range(1, count + 1)]


def need(patterns, first=FIRST, last=LAST, count=1) -> dict:
    return {(day, p.key): count for day in days_in_range(first, last) for p in patterns}


def by_person(placed) -> dict[int, set[date]]:
    found: dict[int, set[date]] = {}
    for item in placed:
        found.setdefault(item.person, set()).add(item.day)
    return found


def longest_run(days: set[date]) -> int:
    best = run = 0
    for day in sorted(days):
        run = run + 1 if day - timedelta(days=1) in days else 1
        best = max(best, run)
    return best


def test_coverage_holds_when_enough_people_exist():
    plan = generate_rota(FIRST, LAST, team(5), [EARLY, LATE], need([EARLY, LATE]), max_days_in_row=6)
    assert plan.gaps == []
    assert len(plan.placed) == 28 * 2


def test_shifts_are_spread_evenly_weekends_too():
    plan = generate_rota(FIRST, LAST, team(5), [EARLY, LATE], need([EARLY, LATE]), max_days_in_row=6)
    counts = [len(days) for days in by_person(plan.placed).values()]
    weekends = [sum(d.weekday() >= 5 for d in days) for days in by_person(plan.placed).values()]
    assert max(counts) - min(counts) <= 1
    assert max(weekends) - min(weekends) <= 1


def test_too_few_people_leave_gaps_that_are_reported():
    plan = generate_rota(FIRST, LAST, team(2), [EARLY, LATE], need([EARLY, LATE]), max_days_in_row=6)
    assert plan.gaps
    assert sum(g.shortfall for g in plan.gaps) == 28 * 2 - len(plan.placed)
    assert all(len(days) <= 20 for days in by_person(plan.placed).values())  # 40 h a week: 5 shifts of 8 h


def test_time_off_is_respected():
    off = frozenset(days_in_range(date(2026, 3, 9), date(2026, 3, 15)))
    people = [PersonSpec(1, 40, days_off=off), *team(4)[1:]]
    plan = generate_rota(FIRST, LAST, people, [EARLY], need([EARLY]), max_days_in_row=6)
    assert not off & by_person(plan.placed)[1]
    assert plan.gaps == []


def test_never_more_than_the_max_days_in_a_row():
    plan = generate_rota(FIRST, LAST, team(2, hours=60), [EARLY], need([EARLY]), max_days_in_row=3)
    for days in by_person(plan.placed).values():
        assert longest_run(days) <= 3


def test_the_days_worked_before_the_range_count():
    before = [
        Commitment(1, day, tuple(EARLY.intervals(day)), pattern=EARLY.key)
        for day in days_in_range(FIRST - timedelta(days=5), FIRST - timedelta(days=1))
    ]
    people = [PersonSpec(1, 60), PersonSpec(2, 60)]
    plan = generate_rota(FIRST, LAST, people, [EARLY], need([EARLY]), max_days_in_row=6, commitments=before)
    worked = by_person(plan.placed)[1] | {c.day for c in before}
    assert longest_run(worked) <= 6
    assert FIRST + timedelta(days=1) not in by_person(plan.placed)[1]


def test_an_overnight_shift_is_followed_by_rest():
    people = team(3, hours=60)
    plan = generate_rota(FIRST, LAST, people, [EARLY, NIGHT], need([EARLY, NIGHT]), max_days_in_row=6)
    nights = {(p.person, p.day) for p in plan.placed if p.pattern == NIGHT.key}
    earlies = {(p.person, p.day) for p in plan.placed if p.pattern == EARLY.key}
    assert nights and earlies
    for person, day in nights:
        assert (person, day + timedelta(days=1)) not in earlies  # 06:00 → 08:30 is less than 11 h of rest


def test_a_late_shift_is_not_followed_by_the_next_early_one():
    plan = generate_rota(FIRST, LAST, team(5), [EARLY, LATE], need([EARLY, LATE]), max_days_in_row=6)
    lates = {(p.person, p.day) for p in plan.placed if p.pattern == LATE.key}
    earlies = {(p.person, p.day) for p in plan.placed if p.pattern == EARLY.key}
    assert not {(person, day + timedelta(days=1)) for person, day in lates} & earlies


def test_a_split_shift_counts_both_parts():
    assert SPLIT.hours == 7
    assert [i[1].hour for i in SPLIT.intervals(FIRST)] == [12, 22]
    plan = generate_rota(FIRST, LAST, team(2), [SPLIT], need([SPLIT]), max_days_in_row=6)
    assert plan.gaps == []
    for days in by_person(plan.placed).values():
        assert len([d for d in days if d.isocalendar()[1] == FIRST.isocalendar()[1]]) <= 5  # 5 × 7 h ≤ 40 h


def test_a_shared_persons_shifts_elsewhere_are_busy_time_and_count_towards_their_total_hours():
    # Person 1 works evenings in another store all month: they cannot take the late shift, only the early one, and
    # 28 hours a week elsewhere leave room for one 8-hour shift here within their 40 hours.
    elsewhere = [
        Commitment(1, day, ((datetime.combine(day, time(17)), datetime.combine(day, time(21))),))
        for day in days_in_range(FIRST, LAST)
    ]
    people = [PersonSpec(1, 40, total_weekly_hours=40), *team(5)[1:]]
    plan = generate_rota(
        FIRST, LAST, people, [EARLY, LATE], need([EARLY, LATE]), max_days_in_row=6, commitments=elsewhere
    )
    assert not [p for p in plan.placed if p.person == 1 and p.pattern == LATE.key]
    weeks = [p.day.isocalendar()[1] for p in plan.placed if p.person == 1]
    assert all(weeks.count(week) <= 1 for week in weeks)
    assert plan.gaps == []


def test_kept_shifts_count_towards_coverage():
    kept = [Commitment(2, FIRST, tuple(EARLY.intervals(FIRST)), pattern=EARLY.key)]
    plan = generate_rota(FIRST, FIRST, team(3), [EARLY], need([EARLY], FIRST, FIRST), 6, commitments=kept)
    assert plan.placed == [] and plan.gaps == []


def test_the_same_input_gives_the_same_rota_and_the_seed_changes_it():
    args = (FIRST, LAST, team(6), [EARLY, LATE], need([EARLY, LATE]), 6)
    assert generate_rota(*args, seed=7).placed == generate_rota(*args, seed=7).placed
    assert generate_rota(*args, seed=7).placed != generate_rota(*args, seed=8).placed


def test_part_timers_keep_to_their_hours():
    people = [PersonSpec(1, 16), *[PersonSpec(k, 40) for k in (2, 3, 4)]]
    plan = generate_rota(FIRST, LAST, people, [EARLY, LATE], need([EARLY, LATE]), max_days_in_row=6)
    weeks: dict[int, int] = {}
    for p in plan.placed:
        if p.person == 1:
            weeks[p.day.isocalendar()[1]] = weeks.get(p.day.isocalendar()[1], 0) + 1
    assert weeks and max(weeks.values()) <= 2


def test_coverage_check_counts_time_off_added_later_and_moves():
    required = {(FIRST, 1): 2, (FIRST, 2): 1}
    shifts = [Placed(1, 1, FIRST), Placed(2, 1, FIRST), Placed(3, 2, FIRST)]
    assert coverage_gaps(required, shifts) == []
    gaps = coverage_gaps(required, shifts, {2: [FIRST]})
    assert [(g.pattern, g.required, g.on_duty, g.shortfall) for g in gaps] == [(1, 2, 1, 1)]
    moved = [Placed(1, 1, FIRST), Placed(2, 1, FIRST + timedelta(days=1)), Placed(3, 2, FIRST)]
    assert [g.shortfall for g in coverage_gaps(required, moved)] == [1]


def test_rule_breaches_name_time_off_and_long_runs():
    shifts = [Placed(1, 1, FIRST + timedelta(days=n)) for n in range(7)]
    breaches = rule_breaches(shifts, {1: [FIRST + timedelta(days=2)]}, max_days_in_row=6)
    assert [(b.kind, b.day) for b in breaches] == [("days_in_row", FIRST), ("time_off", FIRST + timedelta(days=2))]
    assert breaches[0].days == 7


def test_workload_headcount_follows_the_busiest_hour_and_promotions():
    works = {
        FIRST: day_work(FIRST, 200, 0),
        FIRST + timedelta(days=1): day_work(FIRST + timedelta(days=1), 200, 0, promotion=("custom", Decimal("3"))),
        FIRST + timedelta(days=2): unplanned_day(FIRST + timedelta(days=2)),
    }
    demand = Demand(works, profile=[0] * 20 + [100, 0, 0, 0], orders_per_person_hour=Decimal("60"))
    late = PatternSpec(2, "late", ((time(16, 0), time(0, 0)),))
    assert required_headcount(late, 1, True, FIRST, demand) == 4  # 200 orders at 20:00 / 60 an hour
    assert required_headcount(late, 1, True, FIRST + timedelta(days=1), demand) == 10
    assert required_headcount(late, 1, True, FIRST + timedelta(days=2), demand) == 1  # no plan: the minimum
    assert required_headcount(late, 2, False, FIRST, demand) == 2
    weekdays_only = PatternSpec(5, "weekdays", ((time(9), time(17)),), frozenset(range(5)))
    assert required_headcount(weekdays_only, 1, False, date(2026, 3, 7), None) == 0
