"""The demo stores' team: people with their assignments (some shared by several stores), a part-timer, a temporary
hire for Double 11, some time off, the staffing policies and the planned headcount seeded from the playbook."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from staffing.domain import month_of
from staffing.models import Assignment, Person, StaffingPolicy, StaffRole, TimeOff
from staffing.services import planned_headcount_seed
from stores.models import Store

PLANNED_MONTHS = 12
TMALL, JD, DOUYIN = "tmall-flagship", "jd-shop", "douyin-shop"

# name, demo login (or None), employment, hours a week, {store: (role, share)}
TEAM = [
    ("王磊", "manager", "full_time", 40, {TMALL: ("ops_manager", "0.6"), JD: ("ops_manager", "0.4")}),
    ("赵敏", "manager.douyin", "full_time", 40, {DOUYIN: ("ops_manager", "1")}),
    # The elastic team: customer service shared by the flagship and the JD shop.
    ("李娜", "service", "full_time", 40, {TMALL: ("customer_service", "0.5"), JD: ("customer_service", "0.5")}),
    ("黄晓燕", None, "full_time", 40, {TMALL: ("customer_service", "1")}),
    ("郑凯", None, "part_time", 20, {TMALL: ("customer_service", "1")}),
    ("马超", None, "full_time", 40, {JD: ("customer_service", "1")}),
    ("林琳", None, "part_time", 30, {DOUYIN: ("customer_service", "1")}),
    ("陈静", "designer", "full_time", 40, {TMALL: ("designer", "1")}),
    ("杨帆", None, "full_time", 40, {JD: ("designer", "0.5"), DOUYIN: ("designer", "0.5")}),
    ("刘洋", "promoter", "full_time", 40, {TMALL: ("promoter", "0.75"), JD: ("promoter", "0.25")}),
    ("高翔", None, "full_time", 40, {TMALL: ("promoter", "1")}),
    (
        "张伟",
        "logistics",
        "full_time",
        40,
        {TMALL: ("logistics", "0.5"), JD: ("logistics", "0.25"), DOUYIN: ("logistics", "0.25")},
    ),
    (
        "孙丽",
        "finance",
        "full_time",
        40,
        {TMALL: ("finance", "0.5"), JD: ("finance", "0.25"), DOUYIN: ("finance", "0.25")},
    ),
    ("吴强", None, "full_time", 40, {TMALL: ("logistics", "1")}),
    ("周杰", "editor", "full_time", 40, {TMALL: ("editor", "0.5"), JD: ("editor", "0.5")}),
]
TEMPORARY = "何欢"  # customer service for the Double 11 rush at the flagship


def staffing_load(stores: dict[str, Store], as_of: date) -> None:
    """Load the team (upserts: loading twice changes nothing) and seed a year of planned headcount."""
    roles = {r.code: r for r in StaffRole.objects.all()}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[t[1] for t in TEAM if t[1]])}
    start = date(2024, 9, 1)
    people = {}
    for name, username, employment, hours, assignments in TEAM:
        person, _ = Person.objects.update_or_create(
            name=name,
            defaults={
                "user": users.get(username),
                "employment_type": employment,
                "weekly_hours": Decimal(hours),
                "start_date": start,
            },
        )
        people[name] = person
        for code, (role, share) in assignments.items():
            Assignment.objects.update_or_create(
                person=person, store=stores[code], role=roles[role], defaults={"share": Decimal(share)}
            )
    _temporary_hire(stores[TMALL], roles["customer_service"], as_of)
    _time_off(people, as_of)
    for store in stores.values():
        StaffingPolicy.objects.get_or_create(store=store)
        planned_headcount_seed(store, month_of(as_of), PLANNED_MONTHS)


def _temporary_hire(store: Store, role: StaffRole, as_of: date) -> None:
    """Customer service for the coming Double 11, from a week before it until the parcels are out."""
    year = as_of.year if as_of <= date(as_of.year, 11, 15) else as_of.year + 1
    person, _ = Person.objects.update_or_create(
        name=TEMPORARY,
        defaults={
            "employment_type": "temporary",
            "weekly_hours": Decimal(40),
            "start_date": date(year, 11, 4),
            "end_date": date(year, 11, 15),
            "notes": "双11临时客服 · Temporary customer service for Double 11",
        },
    )
    Assignment.objects.update_or_create(person=person, store=store, role=role, defaults={"share": Decimal(1)})


def _time_off(people: dict[str, Person], as_of: date) -> None:
    next_month = month_of(month_of(as_of) + timedelta(days=32))
    entries = [
        ("黄晓燕", "annual_leave", next_month + timedelta(days=6), next_month + timedelta(days=10), "年假"),
        ("马超", "sick", as_of - timedelta(days=6), as_of - timedelta(days=5), "病假"),
        ("刘洋", "annual_leave", as_of + timedelta(days=15), as_of + timedelta(days=17), ""),
    ]
    for name, kind, first, last, note in entries:
        person = people[name]
        if not TimeOff.objects.filter(person=person, start_date__lte=last, end_date__gte=first).exists():
            TimeOff.objects.create(person=person, kind=kind, start_date=first, end_date=last, note=note)
