"""Two stores, a manager of the first only, a manager of both, and someone on the roster."""

import pytest

from tests.factories import MembershipFactory, StoreFactory, UserFactory


@pytest.fixture
def shop(db):
    return StoreFactory(code="team-shop", name="团队店 Team Shop", platform="tmall")


@pytest.fixture
def other(db):
    return StoreFactory(code="other-shop", name="别家店 Other Shop", platform="jd")


@pytest.fixture
def manager(shop):
    return MembershipFactory(user=UserFactory(username="li-manager", first_name="李经理"), store=shop).user


@pytest.fixture
def other_manager(other):
    return MembershipFactory(user=UserFactory(username="other-manager"), store=other).user
