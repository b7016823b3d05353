"""One staffing truth on a real database: the rota and the gap report read the same day work and the same people
per day and shift; the deposit weeks of a phased promotion are ordinary days for both."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from promotions.models import Promotion, PromotionPhase
from rotas.selectors import pattern_spec, patterns_of, required_for
from rotas.services import patterns_seed_defaults, rota_generate
from staffing.domain import required_on_shift, shift_headcount
from staffing.models import StaffingPolicy
from staffing.selectors import staffing_gap
from tests.staffing.conftest import plan_with_targets
from tests.staffing.factories import AssignmentFactory, PersonFactory

pytestmark = pytest.mark.django_db
ORDERS = 600


@pytest.fixture
def manager_api(api, member):
    api.force_authenticate(member("ops_manager"))
    return api


@pytest.fixture
def double_11(own_store, cs):
    """Double 11 from 10-21: deposit to 11-10, final payment and live on 11-11; a multiplier of 8; a plan of 600
    orders every day; the default early and late shifts from the workload; three people."""
    StaffingPolicy.objects.create(store=own_store, promotion_multipliers={"double_11": "8"})
    plan_with_targets(own_store, date(2026, 10, 1), date(2026, 12, 31), orders=ORDERS)
    promotion = Promotion.objects.create(
        store=own_store,
        kind="double_11",
        name="双11",
        start_date=date(2026, 10, 21),
        end_date=date(2026, 11, 11),
        status="planned",
    )
    for kind, first, last in (
        ("presale_deposit", date(2026, 10, 21), date(2026, 11, 10)),
        ("final_payment", date(2026, 11, 11), date(2026, 11, 11)),
        ("live", date(2026, 11, 11), date(2026, 11, 11)),
    ):
        PromotionPhase.objects.create(promotion=promotion, kind=kind, start_date=first, end_date=last)
    for n in range(3):
        AssignmentFactory(person=PersonFactory(name=f"客服{n}"), store=own_store, role=cs)
    return patterns_seed_defaults(own_store, cs)


def test_a_deposit_day_needs_the_ordinary_headcount_and_the_final_day_the_multiplied(own_store, cs, double_11):
    early, late = double_11
    required = required_for(own_store, cs, [early, late], date(2026, 11, 1), date(2026, 11, 30))
    policy = StaffingPolicy.objects.get(store=own_store)
    norm = cs.default_norm
    ordinary = required_on_shift(ORDERS, policy.hourly_profile, late.start_time, late.end_time, norm)
    multiplied = required_on_shift(ORDERS * 8, policy.hourly_profile, late.start_time, late.end_time, norm)
    assert ordinary < multiplied
    assert required[(date(2026, 11, 3), late.pk)] == ordinary == required[(date(2026, 11, 20), late.pk)]
    assert all(required[(date(2026, 11, d), late.pk)] == ordinary for d in range(1, 11))
    assert required[(date(2026, 11, 11), late.pk)] == multiplied


def test_the_gap_report_treats_the_deposit_weeks_as_ordinary_days_too(own_store, cs, double_11):
    works = {w.date: w for w in staffing_gap(own_store, date(2026, 11, 1), 1).works}
    assert works[date(2026, 11, 3)].orders == ORDERS and works[date(2026, 11, 3)].promotion is None
    assert works[date(2026, 11, 11)].orders == ORDERS * 8 and works[date(2026, 11, 11)].promotion == "double_11"


def test_the_gap_report_and_the_rota_agree_on_the_people_each_day_and_shift_needs(
    api, client, member, own_store, cs, double_11
):
    manager = member("ops_manager")
    api.force_authenticate(manager)
    rota_generate(own_store, cs, date(2026, 11, 1), date(2026, 11, 30), seed=1)
    response = api.get(
        "/api/v1/rota-coverage/",
        {"store": own_store.code, "role": cs.code, "start": "2026-11-01", "end": "2026-11-30"},
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    gap = staffing_gap(own_store, date(2026, 11, 1), 1)
    works = {w.date: w for w in gap.works}
    policy = StaffingPolicy.objects.get(store=own_store)
    patterns = {p.pk: p for p in patterns_of(own_store, cs)}
    assert len(data["required"]) == 30 * 2
    for row in data["required"]:
        pattern = patterns[row["pattern"]]
        spec = pattern_spec(pattern)
        day = date.fromisoformat(row["date"])
        expected = shift_headcount(
            works[day], spec.segments, pattern.headcount, True, policy.hourly_profile, cs.default_norm
        )
        assert row["people"] == expected, row
    month = data["months"][0]
    row = next(r for r in gap.months[0].rows if r.role == cs.code)
    assert Decimal(month["required"]) == row.required and Decimal(month["on_roster"]) == row.on_roster
    assert month["shifts_needed"] == data["needed"] == sum(r["people"] for r in data["required"])
    assert month["unfilled"] == data["shortfall"] and month["filled"] == data["filled"]
    # The gap report's page shows the rota's shifts beside its own figures, the same numbers.
    client.force_login(manager)
    page = client.get(f"/staffing/{own_store.code}/gap/?from=2026-11&months=1", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    found = re.search(rf'data-testid="rota-check-2026-11-{cs.code}".*?</tr>', html, re.S)
    cells = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', found.group(0))
    assert cells[2] == str(data["needed"]) and cells[5] == str(data["shortfall"])


def test_every_unfilled_shift_of_a_generated_rota_says_why_through_the_api(manager_api, own_store, cs, double_11):
    body = {"store": own_store.code, "role": cs.code, "start": "2026-11-01", "end": "2026-11-30", "seed": 4}
    data = manager_api.post("/api/v1/rota-generate/", body, format="json").json()
    gaps = data["coverage"]["gaps"]
    assert gaps and data["coverage"]["shortfall"] > 0  # Double 11 needs more than three people
    assert all(g["reason"] in {"weekly_hours", "rest", "days_in_row", "time_off", "nobody"} for g in gaps)
    assert all(len(g["blocked"]) == 3 - g["on_duty"] for g in gaps)  # everyone not already on it, with their rule
    reasons = {r["reason"]: r["shifts"] for r in data["coverage"]["reasons"]}
    assert sum(reasons.values()) == data["coverage"]["shortfall"]


def test_a_shared_person_takes_their_share_of_the_store_beside_shifts_elsewhere(own_store, other_store, cs):
    """李娜's case: half in each store, shifts in the other store planned first; she still works her half here."""
    lina = PersonFactory(name="李娜", weekly_hours=Decimal(40))
    AssignmentFactory(person=lina, store=own_store, role=cs, share=Decimal("0.5"))
    AssignmentFactory(person=lina, store=other_store, role=cs, share=Decimal("0.5"))
    for store, name in ((own_store, "黄晓燕"), (other_store, "马超")):
        AssignmentFactory(person=PersonFactory(name=name, weekly_hours=Decimal(40)), store=store, role=cs)
    patterns_seed_defaults(own_store, cs)
    patterns_seed_defaults(other_store, cs)
    first, last = date(2026, 3, 2), date(2026, 3, 29)
    rota_generate(other_store, cs, first, last, seed=1)
    elsewhere = lina.shifts.filter(store=other_store).count()
    assert elsewhere > 0
    rota_generate(own_store, cs, first, last, seed=1)
    here = list(lina.shifts.filter(store=own_store))
    for week in range(4):
        monday = first + timedelta(weeks=week)
        hours_here = sum(8 for s in here if monday <= s.date < monday + timedelta(days=7))
        hours_all = sum(8 for s in lina.shifts.all() if monday <= s.date < monday + timedelta(days=7))
        assert hours_here == 16  # two of the 8-hour shifts: 16 of her 20 hours here
        assert hours_all <= 40
