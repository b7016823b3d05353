"""The alert pages and endpoint: who sees which alerts, and who may acknowledge or resolve them."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from rest_framework.test import APIClient

from alerts.choices import AlertKind, AlertState, EventKind
from alerts.models import Alert, AlertEvent
from alerts.selectors import open_alert_counts, open_alerts
from stores.models import Store
from tests.factories import api_client_with_key

from .conftest import make_alert

pytestmark = pytest.mark.django_db


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def detail_url(alert: Alert, action: str = "") -> str:
    return alert.get_absolute_url() + (f"{action}/" if action else "")


@pytest.fixture
def ours(own_store):
    return make_alert(own_store, "2026-03-15", title="Our late day")


@pytest.fixture
def theirs(other_store):
    return make_alert(other_store, "2026-03-15", title="Their late day")


def test_the_list_shows_only_the_alerts_of_the_users_stores(member, ours, theirs):
    page = browser(member("viewer")).get("/alerts/")
    assert page.status_code == 200
    assert b"Our late day" in page.content
    assert b"Their late day" not in page.content


def test_the_list_filters_by_store_state_and_kind_and_hides_resolved_alerts_by_default(member, own_store, ours):
    resolved = make_alert(own_store, "2026-03-01", state=AlertState.RESOLVED, title="Old late day")
    behind = make_alert(own_store, "orders", kind=AlertKind.BEHIND_PLAN, title="Behind")
    client = browser(member("viewer"))
    assert list(client.get("/alerts/").context["object_list"]) == [behind, ours]
    assert list(client.get("/alerts/?state=resolved").context["object_list"]) == [resolved]
    assert list(client.get("/alerts/?state=").context["object_list"]) == [behind, resolved, ours]
    assert list(client.get("/alerts/?kind=behind_plan").context["object_list"]) == [behind]
    assert list(client.get("/alerts/?store=other-store").context["object_list"]) == []


def test_the_list_needs_a_login(ours):
    response = Client().get("/alerts/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_alert_shows_its_history(member, ours):
    AlertEvent.objects.create(alert=ours, at=ours.first_seen, event=EventKind.RAISED)
    page = browser(member("customer_service")).get(detail_url(ours))
    assert page.status_code == 200
    assert b"Our late day" in page.content and b"Raised" in page.content
    assert b"Acknowledge" not in page.content  # customer service cannot act on it


def test_another_stores_alert_is_not_found(member, own_store, theirs):
    client = browser(member("ops_manager"))
    assert client.get(detail_url(theirs)).status_code == 404
    # Nor through a store the user belongs to.
    assert client.get(f"/alerts/{own_store.code}/{theirs.pk}/").status_code == 404
    assert client.post(detail_url(theirs, "acknowledge")).status_code == 404
    assert Alert.objects.get(pk=theirs.pk).state == AlertState.OPEN


def test_customer_service_cannot_acknowledge_or_resolve(member, ours):
    client = browser(member("customer_service"))
    assert client.post(detail_url(ours, "acknowledge")).status_code == 403
    assert client.post(detail_url(ours, "resolve")).status_code == 403
    assert Alert.objects.get(pk=ours.pk).state == AlertState.OPEN


def test_an_ops_manager_acknowledges_then_resolves_with_a_note(member, ours):
    manager = member("ops_manager")
    client = browser(manager)
    assert b"Acknowledge" in client.get(detail_url(ours)).content
    response = client.post(detail_url(ours, "acknowledge"), {"note": "on it"})
    assert response.status_code == 302 and response["Location"] == detail_url(ours)
    ours.refresh_from_db()
    assert (ours.state, ours.acknowledged_by) == (AlertState.ACKNOWLEDGED, manager)
    assert AlertEvent.objects.get(alert=ours, event=EventKind.ACKNOWLEDGED).note == "on it"
    client.post(detail_url(ours, "resolve"), {"note": "restocked the courier"})
    ours.refresh_from_db()
    assert ours.state == AlertState.RESOLVED
    # Acknowledging a resolved alert says why it did nothing.
    page = client.post(detail_url(ours, "acknowledge"), follow=True)
    assert b"Only an open alert can be acknowledged." in page.content


def test_the_actions_refuse_get(member, ours):
    assert browser(member("ops_manager")).get(detail_url(ours, "resolve")).status_code == 405


def test_the_api_lists_only_the_callers_stores(api, member, ours, theirs):
    api.force_authenticate(member("viewer"))
    body = api.get("/api/v1/alerts/").json()
    assert [row["id"] for row in body["results"]] == [ours.pk]
    assert body["results"][0]["store"] == "own-store"
    assert api.get(f"/api/v1/alerts/{theirs.pk}/").status_code == 404
    assert api.get("/api/v1/alerts/?store=other-store").json()["results"] == []
    assert api.get("/api/v1/alerts/?state=resolved").json()["results"] == []
    assert len(api.get("/api/v1/alerts/?state=unresolved&kind=late_shipping").json()["results"]) == 1


def test_an_api_client_reads_the_alerts_of_its_stores_but_cannot_act(own_store, ours, theirs):
    _, key = api_client_with_key("erp", own_store)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Token {key}")
    assert [row["id"] for row in client.get("/api/v1/alerts/").json()["results"]] == [ours.pk]
    assert client.post(f"/api/v1/alerts/{ours.pk}/acknowledge/").status_code == 403


def test_customer_service_cannot_acknowledge_through_the_api(api, member, ours):
    api.force_authenticate(member("customer_service"))
    assert api.get(f"/api/v1/alerts/{ours.pk}/").status_code == 200
    assert api.post(f"/api/v1/alerts/{ours.pk}/acknowledge/", {"note": "x"}).status_code == 403
    assert api.post(f"/api/v1/alerts/{ours.pk}/resolve/").status_code == 403
    assert Alert.objects.get(pk=ours.pk).state == AlertState.OPEN


def test_an_ops_manager_acknowledges_and_resolves_through_the_api(api, member, ours):
    api.force_authenticate(member("ops_manager"))
    response = api.post(f"/api/v1/alerts/{ours.pk}/acknowledge/", {"note": "on it"}, format="json")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["acknowledged_by"]) == ("acknowledged", "ops_manager-user")
    assert response.json()["events"][0]["note"] == "on it"
    assert api.post(f"/api/v1/alerts/{ours.pk}/acknowledge/").status_code == 409
    assert api.post(f"/api/v1/alerts/{ours.pk}/resolve/").json()["state"] == "resolved"


def test_the_dashboard_selectors_count_and_list_open_alerts(
    own_store, other_store, ours, theirs, django_assert_num_queries
):
    make_alert(own_store, "x", state=AlertState.ACKNOWLEDGED)
    make_alert(own_store, "orders", kind=AlertKind.BEHIND_PLAN, severity="critical", title="Behind")
    with django_assert_num_queries(1):
        counts = open_alert_counts([own_store.pk, other_store.pk])
    assert counts == {own_store.pk: 2, other_store.pk: 1}
    assert [a.title for a in open_alerts([own_store.pk])] == ["Behind", "Our late day"]  # most severe first
    with django_assert_num_queries(1):  # a queryset of store ids is a subquery
        assert open_alert_counts(Store.objects.filter(code="other-store").values("pk")) == {other_store.pk: 1}


def test_the_dashboard_include_lists_alerts_with_badges_and_links(own_store, ours):
    html = render_to_string("alerts/_open_alerts.html", {"alerts": list(open_alerts([own_store.pk]))})
    assert "Our late day" in html and ours.get_absolute_url() in html and "text-bg-warning" in html
    assert "No open alerts." in render_to_string("alerts/_open_alerts.html", {"alerts": []})


def test_the_admin_opens_an_alert_with_its_history(admin_client, ours):
    AlertEvent.objects.create(alert=ours, at=ours.first_seen, event=EventKind.RAISED, note="first")
    page = admin_client.get(f"/admin/alerts/alert/{ours.pk}/change/")
    assert page.status_code == 200 and b"first" in page.content
