from datetime import timedelta

import pytest
from django.utils import timezone, translation

from core.dates import local_date


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; pages get the language from each request's Accept-Language."""
    with translation.override("en"):
        yield


@pytest.fixture
def clerk(member):
    """Customer service of own_store."""
    return member("customer_service")


@pytest.fixture
def day(own_store):
    """Yesterday in own_store's time zone: a day the log takes."""
    return local_date(own_store.time_zone, timezone.now()) - timedelta(days=1)
