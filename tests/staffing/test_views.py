from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promotions.models import Promotion
from staffing.models import Assignment, Person, PlannedHeadcount, StaffingPolicy, StaffRole, TimeOff
from tests.factories import MembershipFactory, UserFactory

from .conftest import D, assign, plan_with_targets
from .factories import PersonFactory, TimeOffFactory, role

pytestmark = pytest.mark.django_db
# Session, user, store check, role in the store, then the gap report's reads: constant whatever the data.
GAP_PAGE_QUERIES = 20


@pytest.fixture
def service_member(shop):
    return MembershipFactory(user=UserFactory(username="kefu"), store=shop, role="customer_service").user


def person_post(store, name="王芳", share="1", role_pk=None, extra=None, rows=1, initial=0):
    data = {
        "name": name,
        "employment_type": "full_time",
        "weekly_hours": "40",
        "start_date": "2026-01-01",
        "assignments-TOTAL_FORMS": str(rows),
        "assignments-INITIAL_FORMS": str(initial),
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
        "assignments-0-store": str(store.pk),
        "assignments-0-role": str(role_pk or role("customer_service").pk),
        "assignments-0-share": share,
    }
    data.update(extra or {})
    return data


def test_the_roster_shows_everyone_assigned_and_only_the_manager_may_add(client, shop, sister, manager, service_member):
    shared = assign(shop, "customer_service", share="0.5", person=PersonFactory(name="李娜")).person
    assign(sister, "customer_service", share="0.5", person=shared)
    assign(sister, "logistics", person=PersonFactory(name="别人"))
    client.force_login(service_member)
    page = client.get("/staffing/staff-shop/").content.decode()
    # The member of this store only sees that 李娜 works elsewhere too, not where.
    assert "李娜" in page and "姐妹店 Sister Shop" not in page and "Other stores" in page and "别人" not in page
    assert 'data-testid="person-new"' not in page
    assert client.get("/staffing/staff-shop/people/new/").status_code == 403
    client.force_login(manager)
    page = client.get("/staffing/staff-shop/").content.decode()
    assert 'data-testid="person-new"' in page and "姐妹店 Sister Shop" in page


def test_the_manager_adds_a_person_with_an_assignment(client, shop, manager):
    client.force_login(manager)
    response = client.post("/staffing/staff-shop/people/new/", person_post(shop))
    person = Person.objects.get(name="王芳")
    assert response.status_code == 302 and response["Location"] == f"/staffing/staff-shop/people/{person.pk}/"
    assert list(person.assignments.values_list("store__code", "share")) == [("staff-shop", Decimal("1.00"))]


def test_shares_over_one_are_refused_with_a_clear_message_and_nothing_saved(client, shop, sister, manager):
    person = assign(sister, "customer_service", share="0.75", person=PersonFactory(name="李娜")).person
    client.force_login(manager)
    data = person_post(shop, name="李娜", share="0.5", initial=2)
    data.update(
        {
            "assignments-TOTAL_FORMS": "2",
            "assignments-1-store": str(sister.pk),
            "assignments-1-role": str(role("customer_service").pk),
            "assignments-1-share": "0.75",
        }
    )
    response = client.post(f"/staffing/staff-shop/people/{person.pk}/edit/", data)
    assert response.status_code == 404  # not on this store's roster yet
    assign(shop, "editor", share="0.25", person=person)
    response = client.post(f"/staffing/staff-shop/people/{person.pk}/edit/", data)
    assert response.status_code == 400
    assert "add up to 1.25" in response.content.decode()
    assert Assignment.objects.get(person=person, store=shop).role.code == "editor"


def test_editing_keeps_assignments_in_stores_the_manager_does_not_manage(client, shop, manager):
    elsewhere = MembershipFactory(role="ops_manager").store
    person = assign(shop, "logistics", share="0.5", person=PersonFactory(name="张伟")).person
    assign(elsewhere, "logistics", share="0.5", person=person)
    client.force_login(manager)
    page = client.get(f"/staffing/staff-shop/people/{person.pk}/edit/").content.decode()
    assert "stores you do not manage" in page
    response = client.post(
        f"/staffing/staff-shop/people/{person.pk}/edit/",
        person_post(shop, name="张伟", share="0.5", role_pk=role("logistics").pk, initial=1),
    )
    assert response.status_code == 302
    assert person.assignments.count() == 2


def test_time_off_is_added_overlaps_refused_and_removed(client, shop, manager):
    person = assign(shop, "customer_service").person
    TimeOffFactory(person=person, start_date=D(2026, 12, 1), end_date=D(2026, 12, 3))
    client.force_login(manager)
    url = f"/staffing/staff-shop/people/{person.pk}/time-off/"
    response = client.post(url, {"kind": "annual_leave", "start_date": "2026-12-02", "end_date": "2026-12-04"})
    assert (
        response.status_code == 400
        and "already has time off from 2026-12-01 to 2026-12-03" in response.content.decode()
    )
    response = client.post(url, {"kind": "sick", "start_date": "2026-12-04", "end_date": "2026-12-04"})
    assert response.status_code == 302 and TimeOff.objects.filter(person=person).count() == 2
    time_off = TimeOff.objects.get(person=person, kind="sick")
    assert client.post(f"{url}{time_off.pk}/delete/").status_code == 302
    assert TimeOff.objects.filter(person=person).count() == 1


def test_the_manager_sets_norms_and_policy(client, shop, manager, service_member):
    client.force_login(service_member)
    assert client.get("/staffing/staff-shop/settings/").status_code == 403
    client.force_login(manager)
    page = client.get("/staffing/staff-shop/settings/").content.decode()
    assert "Double 11 (11.11)" in page and 'value="5"' in page
    data = {
        "norms-norm_customer_service": "20",
        "policy-service_start": "08:00",
        "policy-service_end": "22:00",
        "policy-workday_hours": "8",
        "policy-max_days_in_row": "6",
        "policy-default_promotion_multiplier": "2",
        "policy-profile": ", ".join(["1"] * 24),
        "policy-multiplier_double_11": "6",
    }
    assert client.post("/staffing/staff-shop/settings/", data).status_code == 302
    policy = StaffingPolicy.objects.get(store=shop)
    assert policy.promotion_multipliers == {"double_11": "6"} and policy.hourly_profile == [1] * 24
    assert shop.capacity_norms.get().value == 20
    data["policy-profile"] = "1, 2, 3"
    response = client.post("/staffing/staff-shop/settings/", data)
    assert response.status_code == 200 and "Give 24 numbers" in response.content.decode()


def test_the_gap_report_colours_gaps_and_lists_the_under_staffed_days(client, shop, service_member):
    plan_with_targets(shop, D(2026, 12, 1), D(2026, 12, 31), orders=200)
    Promotion.objects.create(
        store=shop, kind="double_12", name="双12", start_date=D(2026, 12, 12), end_date=D(2026, 12, 12)
    )
    assign(shop, "logistics", share="1")
    assign(shop, "logistics", share="0.5")
    PlannedHeadcount.objects.create(store=shop, role=role("logistics"), month=D(2026, 12, 1), headcount=Decimal("1"))
    client.force_login(service_member)
    page = client.get("/staffing/staff-shop/gap/?from=2026-12&months=1").content.decode()
    assert 'data-testid="gap-2026-12-logistics" data-state="tight"' in page
    assert 'data-testid="gap-2026-12-ops_manager" data-state="short"' in page
    assert "2026-12-12" in page and "Double 12 (12.12)" in page
    assert 'id="gap-chart"' in page and 'id="gap-data"' in page


def test_the_gap_report_exports_csv_and_xlsx_with_cells_safe_from_formulas(client, shop, service_member):
    StaffRole.objects.filter(code="finance").update(name_en="=HYPERLINK(1)")
    client.force_login(service_member)
    response = client.get("/staffing/staff-shop/gap/?from=2026-12&months=2&format=csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="staffing-gap-staff-shop-2026-12.csv"'
    header = "Month,First plan stage of the month,Last plan stage of the month,Role,Required (FTE)"
    assert text.splitlines()[0].startswith(header)
    assert "'=HYPERLINK(1)" in text and len(text.splitlines()) == 1 + 2 * 7
    xlsx = client.get("/staffing/staff-shop/gap/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_gap_page_queries_do_not_grow_with_months_or_people(
    client, shop, sister, service_member, django_assert_max_num_queries
):
    plan_with_targets(shop, D(2026, 12, 1), D(2027, 12, 31), orders=lambda d: 40 + d.day)
    Promotion.objects.create(
        store=shop, kind="double_12", name="双12", start_date=D(2026, 12, 12), end_date=D(2026, 12, 12)
    )
    assign(shop, "logistics")
    client.force_login(service_member)
    with CaptureQueriesContext(connection) as few:
        client.get("/staffing/staff-shop/gap/?from=2026-12&months=1")
    for n in range(10):
        person = assign(shop, "customer_service", share="0.5").person
        assign(sister, "customer_service", share="0.5", person=person)
        TimeOffFactory(person=person, start_date=D(2027, 2, 1 + n), end_date=D(2027, 2, 1 + n))
    with django_assert_max_num_queries(GAP_PAGE_QUERIES):
        with CaptureQueriesContext(connection) as many:
            assert client.get("/staffing/staff-shop/gap/?from=2026-12&months=12").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_planned_grid_saves_and_the_seed_fills_empty_months(client, shop, manager):
    client.force_login(manager)
    url = "/staffing/staff-shop/planned/?from=2026-12&months=2"
    assert client.get(url).status_code == 200
    response = client.post(url, {"m202612_customer_service": "3", "m202701_logistics": "1.5"})
    assert response.status_code == 302
    assert PlannedHeadcount.objects.filter(store=shop).count() == 2
    response = client.post(url, {"m202612_customer_service": "-1"})
    assert response.status_code == 400 and PlannedHeadcount.objects.get(store=shop, month=D(2026, 12, 1)).headcount == 3
    response = client.post("/staffing/staff-shop/planned/seed/?from=2026-12&months=2")
    assert response.status_code == 302 and response["Location"] == "/staffing/staff-shop/planned/?from=2026-12&months=2"
    assert PlannedHeadcount.objects.filter(store=shop).count() == 14
    assert PlannedHeadcount.objects.get(store=shop, month=D(2026, 12, 1), role__code="customer_service").headcount == 3


def test_the_role_catalogue_speaks_the_readers_language(client, manager):
    client.force_login(manager)
    english = client.get("/staffing/_roles/").content.decode()
    assert "Customer service" in english and "Answers buyers" in english and "orders per person-hour" in english
    chinese = client.get("/staffing/_roles/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "客服" in chinese and "接待买家咨询" in chinese


def test_the_staffing_home_lists_the_users_stores(client, shop, sister, manager):
    client.force_login(manager)
    page = client.get("/staffing/").content.decode()
    assert "/staffing/staff-shop/" in page and "/staffing/sister-shop/" in page
    assert ">Staffing<" in page  # the section in the navigation
