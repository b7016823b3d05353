"""The team rules in the services: roles one may give, the last ops manager, confirming one's own demotion, the
one-time link, and every change kept in the history."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.choices import Role
from stores.members import (
    TeamConfirm,
    TeamInvalid,
    grantable_roles,
    invitation_accept,
    invitation_for,
    invitation_reissue,
    member_add,
    member_add_by_username,
    member_invite,
    member_remove,
    member_role_set,
)
from stores.models import Invitation, Membership, MembershipEvent
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
STRONG = "Zh4ng-San-2026!"


def _kinds(store):
    return list(MembershipEvent.objects.filter(store=store).order_by("pk").values_list("kind", flat=True))


def test_an_ops_manager_may_give_every_role_of_a_store_and_others_none(shop, manager):
    assert grantable_roles(manager, shop) == list(Role.values)
    service = MembershipFactory(store=shop, role=Role.CUSTOMER_SERVICE).user
    assert grantable_roles(service, shop) == []


@pytest.mark.parametrize("role", ["superuser", "staff", "admin", ""])
def test_no_role_outside_the_stores_roles_is_given(shop, manager, role):
    user = UserFactory(username="zhang")
    with pytest.raises(TeamInvalid):
        member_add(manager, shop, user, role)
    user.refresh_from_db()
    assert not Membership.objects.filter(user=user).exists()
    assert not (user.is_staff or user.is_superuser)


def test_a_role_with_more_rights_than_ones_own_is_refused(shop):
    promoter = MembershipFactory(store=shop, role=Role.PROMOTER).user
    with pytest.raises(TeamInvalid):
        member_add(promoter, shop, UserFactory(username="zhang"), Role.VIEWER)
    assert not MembershipEvent.objects.exists()


def test_a_manager_of_one_store_adds_no_one_to_another(shop, other, manager):
    with pytest.raises(TeamInvalid):
        member_add(manager, other, UserFactory(username="zhang"), Role.VIEWER)
    assert not Membership.objects.filter(store=other).exists()


def test_an_unknown_and_an_inactive_username_get_the_same_answer(shop, manager):
    UserFactory(username="gone", is_active=False)
    answers = []
    for username in ("nobody", "gone"):
        with pytest.raises(TeamInvalid) as refused:
            member_add_by_username(manager, shop, username, Role.VIEWER)
        answers.append(refused.value.message_dict)
    assert answers[0] == answers[1]


def test_a_user_of_another_store_is_added_by_username_and_it_is_kept(shop, other, manager):
    zhang = MembershipFactory(user=UserFactory(username="zhang"), store=other, role=Role.FINANCE).user
    membership = member_add_by_username(manager, shop, " zhang ", Role.CUSTOMER_SERVICE)
    assert (membership.user, membership.role) == (zhang, Role.CUSTOMER_SERVICE)
    event = MembershipEvent.objects.get(store=shop)
    assert (event.kind, event.member, event.actor, event.role_after) == ("added", zhang, manager, "customer_service")
    assert Membership.objects.get(user=zhang, store=other).role == Role.FINANCE


def test_the_last_ops_manager_is_neither_removed_nor_demoted(shop, manager):
    mine = Membership.objects.get(user=manager, store=shop)
    with pytest.raises(TeamInvalid):
        member_remove(manager, shop, mine.pk, confirm=True)
    with pytest.raises(TeamInvalid):
        member_role_set(manager, shop, mine.pk, Role.VIEWER, confirm=True)
    assert Membership.objects.get(pk=mine.pk).role == Role.OPS_MANAGER
    assert _kinds(shop) == []


def test_giving_up_ones_own_manager_role_needs_a_confirmation(shop, manager):
    MembershipFactory(user=UserFactory(username="second"), store=shop, role=Role.OPS_MANAGER)
    mine = Membership.objects.get(user=manager, store=shop)
    with pytest.raises(TeamConfirm):
        member_role_set(manager, shop, mine.pk, Role.CUSTOMER_SERVICE)
    assert Membership.objects.get(pk=mine.pk).role == Role.OPS_MANAGER
    member_role_set(manager, shop, mine.pk, Role.CUSTOMER_SERVICE, confirm=True)
    assert Membership.objects.get(pk=mine.pk).role == Role.CUSTOMER_SERVICE
    event = MembershipEvent.objects.get(store=shop)
    assert (event.kind, event.role_before, event.role_after) == ("role_changed", "ops_manager", "customer_service")


def test_a_new_member_gets_a_link_that_works_once(shop, manager):
    new = member_invite(manager, shop, username="wang", name="王芳", email="", role=Role.CUSTOMER_SERVICE)
    assert not new.user.has_usable_password()
    assert new.token not in Invitation.objects.get().hashed_token
    invitation_accept(new.token, STRONG)
    user = get_user_model().objects.get(username="wang")
    assert user.check_password(STRONG) and not user.is_staff and not user.is_superuser
    with pytest.raises(TeamInvalid):
        invitation_accept(new.token, "An0ther-Pass-2026")
    assert get_user_model().objects.get(username="wang").check_password(STRONG)
    assert _kinds(shop) == ["added", "invite_issued", "invite_used"]


def test_an_expired_link_no_longer_works(shop, manager):
    new = member_invite(manager, shop, username="wang", name="王芳", email="", role=Role.CUSTOMER_SERVICE)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert invitation_for(new.token) is None
    with pytest.raises(TeamInvalid):
        invitation_accept(new.token, STRONG)
    assert not get_user_model().objects.get(username="wang").has_usable_password()


def test_a_new_link_replaces_the_old_one(shop, manager):
    new = member_invite(manager, shop, username="wang", name="王芳", email="", role=Role.CUSTOMER_SERVICE)
    _user, token = invitation_reissue(manager, shop, new.membership.pk)
    assert invitation_for(new.token) is None and invitation_for(token) is not None


def test_a_weak_password_is_refused_and_the_link_still_works(shop, manager):
    new = member_invite(manager, shop, username="wang", name="王芳", email="", role=Role.CUSTOMER_SERVICE)
    with pytest.raises(TeamInvalid) as refused:
        invitation_accept(new.token, "123")
    assert "new_password1" in refused.value.message_dict
    assert invitation_for(new.token) is not None


def test_a_taken_username_is_refused_for_a_new_member(shop, manager):
    UserFactory(username="Wang")
    with pytest.raises(TeamInvalid) as refused:
        member_invite(manager, shop, username="wang", name="王芳", email="", role=Role.VIEWER)
    assert "new_username" in refused.value.message_dict
    assert not Membership.objects.filter(store=shop, user__username="wang").exists()


def test_no_new_link_for_someone_who_set_a_password_or_serves_a_store_one_does_not_manage(shop, other, manager):
    member = MembershipFactory(user=UserFactory(username="has-password"), store=shop, role=Role.VIEWER)
    with pytest.raises(TeamInvalid):
        invitation_reissue(manager, shop, member.pk)
    new = member_invite(manager, shop, username="wang", name="王芳", email="", role=Role.CUSTOMER_SERVICE)
    MembershipFactory(user=new.user, store=other, role=Role.VIEWER)
    with pytest.raises(TeamInvalid):
        invitation_reissue(manager, shop, new.membership.pk)


def test_removing_a_member_stops_their_link(shop, manager):
    new = member_invite(manager, shop, username="wang", name="王芳", email="", role=Role.CUSTOMER_SERVICE)
    member_remove(manager, shop, new.membership.pk)
    assert invitation_for(new.token) is None
    assert _kinds(shop) == ["added", "invite_issued", "removed"]
