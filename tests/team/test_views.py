"""The team pages over HTTP: a manager's own stores only (another store is 404), roles within their own, the link
shown once and e-mailed, the roster person linked only by a manager of every store they serve, the history paged."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from accounts.choices import Role
from staffing.models import Person
from stores.models import Membership, MembershipEvent
from tests.factories import MembershipFactory, UserFactory
from tests.staffing.conftest import assign

pytestmark = pytest.mark.django_db
STRONG = "Zh4ng-San-2026!"


def _as(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _invite(client, store, **fields):
    data = {"invite-new_username": "wang", "invite-name": "王芳", "invite-email": "", "invite-role": "customer_service"}
    data.update({f"invite-{k}": v for k, v in fields.items()})
    return client.post(f"/team/{store.code}/invite/", data)


def _link(client, store) -> str:
    page = client.get(f"/team/{store.code}/").content.decode()
    return re.search(r'value="(http://testserver/team/_join/[^"]+)"', page).group(1)


def test_the_manager_sees_the_team_and_another_stores_is_not_found(shop, other, manager, other_manager):
    client = _as(manager)
    page = client.get(f"/team/{shop.code}/")
    assert page.status_code == 200 and "li-manager" in page.content.decode()
    assert client.get(f"/team/{other.code}/").status_code == 404
    assert "other-manager" not in page.content.decode()


def test_a_member_who_is_not_a_manager_is_refused(shop):
    service = MembershipFactory(store=shop, role=Role.CUSTOMER_SERVICE).user
    assert _as(service).get(f"/team/{shop.code}/").status_code == 403


def test_a_manager_cannot_add_members_to_another_store(other, manager):
    client = _as(manager)
    assert _invite(client, other).status_code == 404
    response = client.post(f"/team/{other.code}/add/", {"add-username": "li-manager", "add-role": "ops_manager"})
    assert response.status_code == 404
    assert not Membership.objects.filter(store=other).exclude(role="ops_manager", user__username="other-manager")
    assert not get_user_model().objects.filter(username="wang").exists()


@pytest.mark.parametrize("role", ["superuser", "staff", "is_superuser"])
def test_no_superuser_or_staff_role_is_given(shop, manager, role):
    response = _invite(_as(manager), shop, role=role, is_superuser="on", is_staff="on")
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="wang").exists()
    assert not MembershipEvent.objects.exists()


def test_a_role_above_ones_own_is_not_given_and_not_taken_from(shop):
    promoter = MembershipFactory(store=shop, role=Role.PROMOTER).user
    manager_membership = MembershipFactory(store=shop, role=Role.OPS_MANAGER)
    client = _as(promoter)
    assert _invite(client, shop, role="ops_manager").status_code == 403
    url = f"/team/{shop.code}/members/{manager_membership.pk}/role/"
    assert client.post(url, {"role": "viewer"}).status_code == 403
    assert Membership.objects.get(pk=manager_membership.pk).role == Role.OPS_MANAGER


def test_the_new_members_link_is_shown_once_and_e_mailed(shop, manager):
    client = _as(manager)
    response = _invite(client, shop, email="wang@example.com")
    assert response.status_code == 302
    link = _link(client, shop)
    assert "http://testserver/team/_join/" not in client.get(f"/team/{shop.code}/").content.decode()
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body and mail.outbox[0].to == ["wang@example.com"]


def test_the_link_sets_the_password_logs_in_lands_on_the_order_log_and_works_once(shop, manager):
    manager_client = _as(manager)
    _invite(manager_client, shop)
    link = _link(manager_client, shop)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = visitor.get(link)
    assert page.status_code == 200 and "设置密码" in page.content.decode()
    weak = visitor.post(link, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 400
    response = visitor.post(link, {"new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302 and response["Location"] == "/"
    # The first screen by role: customer service of one store start on its order log.
    landing = visitor.get("/")
    assert landing.status_code == 302 and landing["Location"] == f"/orders/{shop.code}/"
    assert visitor.get(f"/orders/{shop.code}/").status_code == 200
    assert Client().get(link).status_code == 410
    again = {"new_password1": "Other-Pass-2026", "new_password2": "Other-Pass-2026"}
    assert Client().post(link, again).status_code == 410
    kinds = list(MembershipEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["added", "invite_issued", "invite_used"]


def test_an_unknown_link_says_it_no_longer_works(db):
    assert Client().get("/team/_join/not-a-token/").status_code == 410


def test_a_roster_person_is_linked_to_the_new_login(shop, manager):
    person = assign(shop, "customer_service", name="王芳").person
    _invite(_as(manager), shop, person=person.pk)
    assert Person.objects.get(pk=person.pk).user.username == "wang"


def test_a_shared_persons_login_link_is_not_set_by_a_manager_of_one_of_their_stores(shop, other, manager):
    person = assign(shop, "customer_service", share="0.5", name="赵敏").person
    assign(other, "customer_service", share="0.5", person=person)
    response = _invite(_as(manager), shop, person=person.pk)
    assert response.status_code == 400 and "also works in stores" in response.content.decode()
    assert Person.objects.get(pk=person.pk).user is None
    assert not get_user_model().objects.filter(username="wang").exists()
    assert not MembershipEvent.objects.exists()


def test_a_manager_of_every_store_links_a_shared_person(shop, other, manager):
    MembershipFactory(user=manager, store=other)
    person = assign(shop, "customer_service", share="0.5", name="赵敏").person
    assign(other, "customer_service", share="0.5", person=person)
    zhao = UserFactory(username="zhao")
    response = _as(manager).post(
        f"/team/{shop.code}/add/", {"add-username": "zhao", "add-role": "customer_service", "add-person": person.pk}
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).user == zhao


def test_the_last_ops_manager_cannot_be_removed(shop, manager):
    mine = Membership.objects.get(user=manager, store=shop)
    response = _as(manager).post(f"/team/{shop.code}/members/{mine.pk}/remove/", {"confirm": "on"})
    assert response.status_code == 400 and "at least one ops manager" in response.content.decode()
    assert Membership.objects.filter(pk=mine.pk).exists()


def test_giving_up_ones_own_role_asks_first_then_leaves_the_team_page(shop, manager):
    MembershipFactory(store=shop, role=Role.OPS_MANAGER)
    mine = Membership.objects.get(user=manager, store=shop)
    client = _as(manager)
    url = f"/team/{shop.code}/members/{mine.pk}/role/"
    asked = client.post(url, {"role": "viewer"})
    assert asked.status_code == 400 and "yes, give up my role" in asked.content.decode()
    assert Membership.objects.get(pk=mine.pk).role == Role.OPS_MANAGER
    done = client.post(url, {"role": "viewer", "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == f"/stores/{shop.code}/"
    assert Membership.objects.get(pk=mine.pk).role == Role.VIEWER


def test_another_stores_member_is_not_found_under_ones_own_store(shop, other, manager, other_manager):
    theirs = Membership.objects.get(user=other_manager, store=other)
    client = _as(manager)
    assert client.post(f"/team/{shop.code}/members/{theirs.pk}/remove/").status_code == 404
    assert client.post(f"/team/{shop.code}/members/{theirs.pk}/role/", {"role": "viewer"}).status_code == 404
    assert Membership.objects.get(pk=theirs.pk).role == Role.OPS_MANAGER


def test_every_change_is_in_the_paged_history(shop, manager):
    client = _as(manager)
    for n in range(12):
        user = UserFactory(username=f"member{n:02}")
        client.post(f"/team/{shop.code}/add/", {"add-username": user.username, "add-role": "viewer"})
        membership = Membership.objects.get(user=user, store=shop)
        client.post(f"/team/{shop.code}/members/{membership.pk}/role/", {"role": "designer"})
    assert MembershipEvent.objects.filter(store=shop).count() == 24
    first = client.get(f"/team/{shop.code}/").content.decode()
    second = client.get(f"/team/{shop.code}/?page=2").content.decode()
    assert "member11" in first and "Page 1 of 2" in first
    assert "member00" in second


def test_the_roster_offers_the_matching_membership(shop, manager):
    person = assign(shop, "designer", name="李娜").person
    lina = UserFactory(username="lina")
    Person.objects.filter(pk=person.pk).update(user=lina)
    data = {
        "name": "李娜",
        "user": lina.pk,
        "employment_type": "full_time",
        "weekly_hours": "40.0",
        "start_date": "2025-01-01",
        "end_date": "",
        "phone": "",
        "notes": "",
        "grant_membership": "on",
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "1",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
        "assignments-0-store": shop.pk,
        "assignments-0-role": person.assignments.get().role.pk,
        "assignments-0-share": "1",
    }
    response = _as(manager).post(f"/staffing/{shop.code}/people/{person.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.get(user=lina, store=shop).role == Role.DESIGNER
    event = MembershipEvent.objects.get(member=lina)
    assert (event.kind, event.actor) == ("added", manager)
