"""A person who serves several stores: their own details (login, hours, dates, name, contact) change only by someone
who manages every store they serve; a store's manager changes their assignment there. One rule in the service,
held on the API and on the pages; other stores are shown as "other stores", never by name."""

from decimal import Decimal

import pytest

from staffing.models import Assignment, Person
from staffing.services import SHARED_FIELDS
from tests.factories import MembershipFactory, StoreFactory, UserFactory

from .conftest import assign

pytestmark = pytest.mark.django_db

CHANGES = {
    "name": "改名 Renamed",
    "weekly_hours": "20.0",
    "end_date": "2027-01-31",
    "phone": "13900000000",
    "notes": "moved",
    "employment_type": "part_time",
    "start_date": "2020-01-01",
}


@pytest.fixture
def jd_shop(db):
    return StoreFactory(code="jd-other", name="京东别家店 JD Other", platform="jd")


@pytest.fixture
def shared(shop, jd_shop):
    """Someone working half in the manager's shop and half in a store the manager does not manage, with a login."""
    login = MembershipFactory(user=UserFactory(username="zhaomin"), store=jd_shop, role="customer_service").user
    person = assign(shop, "customer_service", share="0.5", name="赵敏", user=login, phone="13800000000").person
    assign(jd_shop, "customer_service", share="0.5", person=person)
    return person


@pytest.fixture
def shop_manager(shop):
    user = UserFactory(username="tmall-ops")
    MembershipFactory(user=user, store=shop, role="ops_manager")
    MembershipFactory(user=UserFactory(username="alice"), store=shop, role="customer_service")
    return user


def _unchanged(person: Person) -> None:
    fresh = Person.objects.get(pk=person.pk)
    for name in SHARED_FIELDS:
        assert getattr(fresh, name) == getattr(person, name), name


def test_the_shared_fields_are_every_field_of_the_person():
    fields = {"name", "user", "employment_type", "weekly_hours", "start_date", "end_date", "phone", "notes"}
    assert set(SHARED_FIELDS) == fields


@pytest.mark.parametrize("field", ["user", *CHANGES])
def test_a_manager_of_one_of_the_stores_cannot_change_a_shared_detail_through_the_api(field, api, shop_manager, shared):
    api.force_authenticate(shop_manager)
    value = "alice" if field == "user" else CHANGES[field]
    response = api.patch(f"/api/v1/staffing/people/{shared.pk}/", {field: value}, format="json")
    assert response.status_code == 403, response.content
    assert "赵敏" in response.json()["detail"] or "also works" in response.json()["detail"]
    _unchanged(shared)


def test_the_linked_login_keeps_its_shifts_and_alice_gets_none(api, shop_manager, shared):
    api.force_authenticate(shop_manager)
    api.patch(f"/api/v1/staffing/people/{shared.pk}/", {"user": "alice"}, format="json")
    assert Person.objects.get(pk=shared.pk).user.username == "zhaomin"
    assert not Person.objects.filter(user__username="alice").exists()


def test_sending_the_same_values_back_is_not_a_change(api, shop_manager, shared):
    api.force_authenticate(shop_manager)
    body = {"name": shared.name, "phone": shared.phone, "weekly_hours": str(shared.weekly_hours)}
    assert api.patch(f"/api/v1/staffing/people/{shared.pk}/", body, format="json").status_code == 200


def test_the_store_manager_still_changes_the_assignment_in_their_store(api, shop_manager, shared, shop):
    api.force_authenticate(shop_manager)
    here = Assignment.objects.get(person=shared, store=shop)
    response = api.patch(f"/api/v1/staffing/assignments/{here.pk}/", {"share": "0.3"}, format="json")
    assert response.status_code == 200
    assert Assignment.objects.get(pk=here.pk).share == Decimal("0.3")


def test_a_manager_of_every_store_the_person_serves_changes_their_details(api, manager, shop, sister):
    person = assign(shop, "customer_service", share="0.5", name="两店员工").person
    assign(sister, "customer_service", share="0.5", person=person)
    api.force_authenticate(manager)
    response = api.patch(f"/api/v1/staffing/people/{person.pk}/", {"weekly_hours": "30"}, format="json")
    assert response.status_code == 200 and Person.objects.get(pk=person.pk).weekly_hours == 30


def test_a_superuser_changes_a_shared_persons_details(api, shared):
    api.force_authenticate(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = api.patch(f"/api/v1/staffing/people/{shared.pk}/", {"end_date": "2027-06-30"}, format="json")
    assert response.status_code == 200


def _form_data(person, **changes):
    data = {
        "name": person.name,
        "user": person.user_id or "",
        "employment_type": person.employment_type,
        "weekly_hours": str(person.weekly_hours),
        "start_date": person.start_date.isoformat(),
        "end_date": person.end_date.isoformat() if person.end_date else "",
        "phone": person.phone,
        "notes": person.notes,
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "1",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    here = person.assignments.get(store__code="staff-shop")
    data.update(
        {
            "assignments-0-store": here.store_id,
            "assignments-0-role": here.role_id,
            "assignments-0-share": "0.4",
        }
    )
    data.update(changes)
    return data


def test_the_edit_page_locks_the_shared_details_and_saves_the_assignment(client, shop_manager, shared, shop):
    client.force_login(shop_manager)
    url = f"/staffing/{shop.code}/people/{shared.pk}/edit/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert page.context["form"].fields["user"].disabled and page.context["form"].fields["weekly_hours"].disabled
    alice = shop_manager.memberships.get().store.memberships.get(user__username="alice").user
    response = client.post(url, _form_data(shared, user=alice.pk, weekly_hours="10", name="改名"))
    assert response.status_code == 302
    _unchanged(shared)
    assert Assignment.objects.get(person=shared, store=shop).share == Decimal("0.4")


def test_the_pages_show_other_stores_only_as_other_stores(client, shop_manager, shared, shop, jd_shop):
    client.force_login(shop_manager)
    for url in (
        f"/staffing/{shop.code}/",
        f"/staffing/{shop.code}/people/{shared.pk}/",
        f"/staffing/{shop.code}/people/{shared.pk}/edit/",
    ):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        text = page.content.decode()
        assert page.status_code == 200 and jd_shop.name not in text and jd_shop.code not in text, url
    detail = client.get(f"/staffing/{shop.code}/people/{shared.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "0.50" in detail.content.decode()
