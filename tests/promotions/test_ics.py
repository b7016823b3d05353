"""The .ics feed per store: read with a user's secret key, RFC 5545 all-day events with stable UIDs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from accounts.choices import Role
from promotions.feeds import feed_key_revoke, feed_key_rotate
from promotions.models import CalendarFeedToken
from tests.factories import MembershipFactory

from .factories import ItemFactory, PhaseFactory, ProductFactory, PromotionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture
def promotion(own_store):
    promotion = PromotionFactory(
        store=own_store,
        name="双11, 大促; 预售\\定金 Double 11",
        kind="double_11",
        start_date=date(2026, 10, 21),
        end_date=date(2026, 11, 11),
    )
    PhaseFactory(promotion=promotion, kind="final_payment", start_date=date(2026, 11, 11), end_date=date(2026, 11, 11))
    ItemFactory(promotion=promotion, product=ProductFactory(store=own_store, lead_time_days=15), presale_quantity=5)
    return promotion


def _feed(client, key, code="own-store"):
    return client.get(f"/promotions/_feed/{key}/{code}.ics")


def test_the_feed_has_a_vevent_per_promotion_and_deadline(client, manager, promotion):
    key = feed_key_rotate(manager)
    response = _feed(client, key)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    raw.decode("utf-8")  # folding never splits a UTF-8 character
    events = {str(e["UID"]): e for e in Calendar.from_ical(raw).walk("VEVENT")}
    assert set(events) == {
        f"promotion-{promotion.pk}@promotions.opsplan",
        f"promotion-{promotion.pk}-decision@promotions.opsplan",
        f"promotion-{promotion.pk}-order-by@promotions.opsplan",
    }
    main = events[f"promotion-{promotion.pk}@promotions.opsplan"]
    assert main.decoded("DTSTART") == date(2026, 10, 21)
    assert main.decoded("DTEND") == date(2026, 11, 12)  # exclusive end of an all-day event
    assert str(main["SUMMARY"]).startswith("双11, 大促; 预售\\定金 Double 11")
    assert b"DTSTART;VALUE=DATE:20261021" in raw
    assert "双11\\, 大促\\; 预售\\\\定金" in raw.decode().replace("\r\n ", "")  # TEXT escaping per RFC 5545
    order_by = events[f"promotion-{promotion.pk}-order-by@promotions.opsplan"]
    assert order_by.decoded("DTSTART") == date(2026, 10, 21) - timedelta(days=18)  # no live phase: sells from the start


def test_uids_and_the_body_are_stable_across_fetches(client, manager, promotion):
    key = feed_key_rotate(manager)
    assert _feed(client, key).content == _feed(client, key).content


def test_a_wrong_revoked_or_rotated_key_answers_404(client, manager, promotion):
    old = feed_key_rotate(manager)
    assert _feed(client, old[:-1] + ("A" if old[-1] != "A" else "B")).status_code == 404
    assert _feed(client, "garbage").status_code == 404
    new = feed_key_rotate(manager)
    assert _feed(client, old).status_code == 404 and _feed(client, new).status_code == 200
    feed_key_revoke(manager)
    assert _feed(client, new).status_code == 404


def test_the_key_reads_only_stores_the_user_belongs_to_now(client, own_store, other_store, promotion):
    membership = MembershipFactory(store=own_store, role=Role.VIEWER)
    key = feed_key_rotate(membership.user)
    assert _feed(client, key, other_store.code).status_code == 404
    assert _feed(client, key).status_code == 200
    membership.delete()
    assert _feed(client, key).status_code == 404


def test_only_a_hash_of_the_key_is_stored(manager):
    key = feed_key_rotate(manager)
    token = CalendarFeedToken.objects.get(user=manager, revoked_at__isnull=True)
    assert key not in (token.hashed_key, token.prefix) and key.startswith(token.prefix + ".")


def test_the_key_page_shows_the_addresses_once(manager_client, own_store):
    made = manager_client.post("/promotions/_feed/", {"action": "rotate"}).content.decode()
    assert "/promotions/_feed/" in made and f"/{own_store.code}.ics" in made
    again = manager_client.get("/promotions/_feed/").content.decode()
    assert ".ics" not in again and 'data-testid="feed-live"' in again
    manager_client.post("/promotions/_feed/", {"action": "revoke"})
    assert not CalendarFeedToken.objects.filter(revoked_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("language", "status_line"), [("zh-hans", "状态："), ("en", "Status: ")], ids=["zh-hans", "en"]
)
def test_every_event_describes_the_promotion_in_the_readers_punctuation(
    client, manager, promotion, language, status_line
):
    """The promotion, its stock decision and its factory order-by carry the same description: its kind, status, SKUs
    and phases, each after its label with the colon of the reader's language."""
    key = feed_key_rotate(manager)
    raw = client.get(f"/promotions/_feed/{key}/own-store.ics", HTTP_ACCEPT_LANGUAGE=language).content
    descriptions = [str(event["DESCRIPTION"]) for event in Calendar.from_ical(raw).walk("VEVENT")]
    assert len(descriptions) == 3
    assert len(set(descriptions)) == 1
    assert status_line in descriptions[0]
