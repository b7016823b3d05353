"""A new source policy changes which source counts on days with several: the store's metric days are marked for the
next rollup, from the store page and from the API alike, and the rollup then counts the other source."""

from __future__ import annotations

from datetime import date

import pytest

from rollups.models import PeriodRollup
from rollups.services import store_rollup_refresh
from stores.choices import SourcePolicy
from stores.days import dirty_ranges
from stores.models import DirtyRange
from tests.rollups.days import day_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sources(own_store):
    """Two days of November reported by the customer-service log and by an API client, differently."""
    days = [date(2026, 11, 3), date(2026, 11, 20)]
    day_figures(own_store, [(d, {"orders": 10}) for d in days], source="service_log")
    day_figures(own_store, [(d, {"orders": 25}) for d in days], source="client:1")
    store_rollup_refresh(own_store, [(days[0], days[-1])])
    DirtyRange.objects.all().delete()
    return days


def month_orders(store) -> int:
    return PeriodRollup.objects.get(store=store, grain="month", period_start=date(2026, 11, 1)).orders


def test_changing_the_policy_on_the_store_page_marks_its_metric_days(client, member, own_store, two_sources):
    assert month_orders(own_store) == 50  # the API's figures count by default
    client.force_login(member("ops_manager"))
    form = {"name": own_store.name, "platform": own_store.platform, "time_zone": own_store.time_zone}
    form |= {"status": own_store.status, "notes": "", "source_policy": SourcePolicy.SERVICE_LOG}
    response = client.post(f"/stores/{own_store.code}/edit/", form)
    assert response.status_code == 302
    assert dirty_ranges([own_store.pk]) == [(own_store.pk, *two_sources)]
    store_rollup_refresh(own_store)
    assert month_orders(own_store) == 20


def test_saving_the_store_page_without_changing_the_policy_marks_nothing(client, member, own_store, two_sources):
    client.force_login(member("ops_manager"))
    form = {"name": "Renamed", "platform": own_store.platform, "time_zone": own_store.time_zone}
    form |= {"status": own_store.status, "notes": "", "source_policy": own_store.source_policy}
    assert client.post(f"/stores/{own_store.code}/edit/", form).status_code == 302
    assert not DirtyRange.objects.exists()


def test_changing_the_policy_through_the_api_marks_its_metric_days(api, member, own_store, two_sources):
    api.force_authenticate(member("ops_manager"))
    response = api.patch(
        f"/api/v1/stores/{own_store.code}/", {"source_policy": SourcePolicy.SERVICE_LOG}, format="json"
    )
    assert response.status_code == 200, response.content
    assert dirty_ranges([own_store.pk]) == [(own_store.pk, *two_sources)]
    assert api.patch(f"/api/v1/stores/{own_store.code}/", {"name": "Renamed"}, format="json").status_code == 200
    assert DirtyRange.objects.count() == 1  # a rename marks nothing more
