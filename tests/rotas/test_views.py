"""The rota pages: the calendar with its coverage warnings, generating, moving and removing shifts, my shifts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from rotas.models import Shift, ShiftPattern
from rotas.services import rota_generate, shift_create
from tests.factories import UserFactory
from tests.staffing.factories import role

from .conftest import MARCH

pytestmark = pytest.mark.django_db
CAL = "rotas:rota_calendar"


def url(name, store, **kwargs):
    return reverse(name, kwargs={"store": store.code, **kwargs})


def test_the_manager_generates_next_months_rota_and_sees_it(client, own_store, cs, team, member):
    team(5)
    client.force_login(member("ops_manager"))
    response = client.post(
        url("rotas:generate", own_store, role="customer_service"),
        {"start": "2026-03-02", "end": "2026-03-29"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?month=2026-03")
    assert Shift.objects.filter(store=own_store).count() == 56
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"Rota generated: 56 shifts planned, 0 confirmed shifts kept." in page.content
    assert page.content.count(b'data-testid="shift"') >= 56
    assert b'data-testid="generate-form"' in page.content


def test_the_calendar_query_count_is_pinned(client, own_store, cs, team, member, django_assert_max_num_queries):
    team(6)
    rota_generate(own_store, cs, *MARCH, seed=1)
    client.force_login(member("ops_manager"))
    with django_assert_max_num_queries(25):
        response = client.get(url(CAL, own_store, role="customer_service") + "?month=2026-03")
    assert response.status_code == 200


def test_members_view_the_rota_but_only_the_manager_edits(client, own_store, cs, team, member):
    team(3)
    rota_generate(own_store, cs, *MARCH, seed=1)
    client.force_login(member("customer_service"))
    page = client.get(url(CAL, own_store, role="customer_service") + "?month=2026-03")
    assert page.status_code == 200 and b'data-testid="generate-form"' not in page.content
    assert b"draggable" not in page.content
    shift = Shift.objects.first()
    assert client.post(url("rotas:shift_delete", own_store, pk=shift.pk)).status_code == 403
    assert client.post(url("rotas:generate", own_store, role="customer_service"), {}).status_code == 403


def test_a_role_with_one_person_explains_why_there_is_no_rota(client, own_store, team, member):
    team(1, "logistics")
    client.force_login(member("ops_manager"))
    page = client.get(url(CAL, own_store, role="logistics"))
    assert b'data-testid="too-few-people"' in page.content
    assert b"2 or more people" in page.content
    assert b'data-testid="generate-form"' not in page.content


def test_moving_a_shift_shows_the_gap_it_leaves(client, own_store, cs, team, member):
    anna, bo, chen = team(3)
    early = ShiftPattern.objects.get(store=own_store, name="Early")
    ShiftPattern.objects.filter(store=own_store, name="Late").delete()
    day = MARCH[0]
    shift = shift_create(own_store, early, anna, day)
    client.force_login(member("ops_manager"))
    response = client.post(
        url("rotas:shift_edit", own_store, pk=shift.pk),
        {"pattern": early.pk, "person": anna.pk, "date": "2026-03-05", "state": "planned", "version": 1},
    )
    assert response.status_code == 302
    page = client.get(url(CAL, own_store, role="customer_service") + "?month=2026-03")
    assert "2026-03-02 Mon · Early: 0 of 1 on duty, 1 short" in page.content.decode()
    assert "2026-03-05 Thu · Early" not in page.content.decode()


def test_a_stale_move_is_refused_and_nothing_changes(client, own_store, cs, team, member):
    anna, bo = team(2)
    early = ShiftPattern.objects.get(store=own_store, name="Early")
    shift = shift_create(own_store, early, anna, MARCH[0])
    Shift.objects.filter(pk=shift.pk).update(version=2)
    client.force_login(member("ops_manager"))
    response = client.post(
        url("rotas:shift_edit", own_store, pk=shift.pk),
        {"pattern": early.pk, "person": bo.pk, "date": "2026-03-02", "state": "planned", "version": 1},
    )
    assert response.status_code == 200 and b"Someone changed this shift" in response.content
    assert Shift.objects.get(pk=shift.pk).person == anna


def test_add_and_remove_a_shift(client, own_store, cs, team, member):
    anna, _bo = team(2)
    early = ShiftPattern.objects.get(store=own_store, name="Early")
    client.force_login(member("ops_manager"))
    response = client.post(
        url("rotas:shift_new", own_store, role="customer_service"),
        {"pattern": early.pk, "person": anna.pk, "date": "2026-03-03", "state": "confirmed"},
    )
    assert response.status_code == 302
    shift = Shift.objects.get()
    assert shift.state == "confirmed"
    assert client.post(url("rotas:shift_delete", own_store, pk=shift.pk)).status_code == 302
    assert not Shift.objects.exists()


def test_patterns_page_adds_defaults_and_a_split_shift(client, own_store, member):
    client.force_login(member("ops_manager"))
    target = url("rotas:patterns", own_store, role="designer")
    client.post(target, {"action": "defaults"})
    assert list(ShiftPattern.objects.values_list("name", flat=True)) == ["Day"]
    response = client.post(
        target,
        {
            "action": "add",
            "name": "Split",
            "start_time": "09:00",
            "end_time": "12:00",
            "second_start_time": "18:00",
            "second_end_time": "22:00",
            "weekdays": ["0", "1"],
            "headcount_source": "fixed",
            "headcount": "1",
        },
    )
    assert response.status_code == 302
    split = ShiftPattern.objects.get(name="Split")
    assert split.is_split and split.weekdays == [0, 1] and split.role == role("designer")
    bad = client.post(
        target,
        {
            "action": "add",
            "name": "Bad",
            "start_time": "09:00",
            "end_time": "09:00",
            "weekdays": ["0"],
            "headcount_source": "fixed",
            "headcount": "1",
        },
    )
    assert bad.status_code == 200 and b"cannot end when it starts" in bad.content


def test_my_shifts_shows_the_linked_persons_upcoming_shifts(client, own_store, cs, team):
    anna, _bo = team(2)
    user = UserFactory(username="anna")
    anna.user = user
    anna.save()
    from django.utils import timezone

    early = ShiftPattern.objects.get(store=own_store, name="Early")
    shift_create(own_store, early, anna, timezone.localdate() + timedelta(days=2))
    client.force_login(user)
    page = client.get(reverse("rotas:mine"))
    assert b'data-testid="my-shifts"' in page.content and b"08:30" in page.content
    client.force_login(UserFactory(username="nobody"))
    assert b'data-testid="no-person"' in client.get(reverse("rotas:mine")).content


def test_the_calendar_reads_in_chinese(own_store, cs, team, member):
    from django.test import Client

    team(1)
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    browser.force_login(member("ops_manager"))
    page = browser.get(url(CAL, own_store, role="customer_service")).content.decode()
    assert "本店这个岗位有 1 人" in page and "排班缺口提醒" in page
