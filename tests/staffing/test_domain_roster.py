import datetime
from decimal import Decimal

from staffing.domain import Absence, overlapping, roster_by_day, share_overflow, stint

D = datetime.date


def test_a_part_timer_counts_for_their_hours_and_a_shared_person_for_their_share():
    part_timer = stint(1, "customer_service", Decimal(1), Decimal(20), (D(2026, 1, 1), None), (None, None))
    shared_here = stint(2, "customer_service", Decimal("0.5"), Decimal(40), (D(2026, 1, 1), None), (None, None))
    day = D(2026, 12, 1)
    assert roster_by_day([part_timer, shared_here], [], [day]) == {day: {"customer_service": Decimal(1)}}


def test_a_person_shared_by_two_stores_counts_half_in_each():
    employed = (D(2026, 1, 1), None)
    in_a = stint(7, "logistics", Decimal("0.5"), Decimal(40), employed, (None, None))
    in_b = stint(7, "logistics", Decimal("0.5"), Decimal(40), employed, (None, None))
    day = D(2026, 12, 1)
    assert roster_by_day([in_a], [], [day])[day]["logistics"] == Decimal("0.5")
    assert roster_by_day([in_b], [], [day])[day]["logistics"] == Decimal("0.5")
    assert share_overflow([(Decimal("0.5"), None, None), (Decimal("0.5"), None, None)]) is None


def test_nobody_counts_before_their_start_after_their_end_or_on_time_off():
    temp = stint(3, "customer_service", Decimal(1), Decimal(40), (D(2026, 11, 4), D(2026, 11, 14)), (None, None))
    days = [D(2026, 11, 3), D(2026, 11, 4), D(2026, 11, 10), D(2026, 11, 15)]
    off = [Absence(3, D(2026, 11, 10), D(2026, 11, 10))]
    roster = roster_by_day([temp], off, days)
    assert [roster[day].get("customer_service", 0) for day in days] == [0, 1, 0, 0]


def test_an_assignment_is_narrowed_to_the_persons_employment():
    item = stint(
        4, "editor", Decimal(1), Decimal(40), (D(2026, 3, 1), D(2026, 9, 30)), (D(2026, 1, 1), D(2026, 12, 31))
    )
    assert (item.start, item.end) == (D(2026, 3, 1), D(2026, 9, 30))


def test_shares_over_the_whole_time_are_found_where_they_overlap():
    assert share_overflow([(Decimal("0.6"), None, None), (Decimal("0.5"), None, None)]) == (None, Decimal("1.1"))
    # A full share in one store until June, then in another: never more than 1 at once.
    assert share_overflow([(Decimal(1), None, D(2026, 6, 30)), (Decimal(1), D(2026, 7, 1), None)]) is None
    assert share_overflow([(Decimal(1), None, D(2026, 6, 30)), (Decimal("0.5"), D(2026, 6, 1), None)]) == (
        D(2026, 6, 1),
        Decimal("1.5"),
    )


def test_overlapping_time_off_is_found():
    taken = [(D(2026, 12, 1), D(2026, 12, 3)), (D(2026, 12, 20), D(2026, 12, 24))]
    assert overlapping(D(2026, 12, 3), D(2026, 12, 5), taken) == (D(2026, 12, 1), D(2026, 12, 3))
    assert overlapping(D(2026, 12, 4), D(2026, 12, 19), taken) is None
