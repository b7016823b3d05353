import pytest

from accounts.choices import Role
from tests.inventory.conftest import product, stocked  # noqa: F401 (the stock plan's tests start from these)


@pytest.fixture
def today(time_machine):
    """Pages run on 1 October 2026, 09:00 in Shanghai."""
    time_machine.move_to("2026-10-01 09:00 +0800", tick=False)


@pytest.fixture
def manager(member):
    return member(Role.OPS_MANAGER)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client
