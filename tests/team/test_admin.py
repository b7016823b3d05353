"""The team history and the invitations in the admin: listed read-only; a membership changed there is kept too."""

import pytest
from django.test import Client

from stores.members import member_invite
from stores.models import Membership, MembershipEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_history_and_the_links_are_listed_and_not_editable(root, shop, manager):
    member_invite(manager, shop, username="wang", name="王芳", email="", role="viewer")
    history = root.get("/admin/stores/membershipevent/")
    assert history.status_code == 200 and "wang" in history.content.decode()
    assert root.get("/admin/stores/invitation/").status_code == 200
    event = MembershipEvent.objects.first()
    assert root.post(f"/admin/stores/membershipevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert root.get("/admin/stores/membershipevent/add/").status_code == 403


def test_a_membership_removed_in_the_admin_is_in_the_history(root, shop, manager):
    membership = Membership.objects.get(user=manager, store=shop)
    root.post(f"/admin/stores/membership/{membership.pk}/delete/", {"post": "yes"})
    event = MembershipEvent.objects.get()
    assert (event.kind, event.member_username, event.actor_username) == ("removed", "li-manager", "root")
