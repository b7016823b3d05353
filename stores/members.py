"""Writes of a store's team: members added, their role changed, removed, new people invited with a one-time link
to set their password. Every change is kept as a :class:`stores.models.MembershipEvent`.

Who may change a store's team: whoever holds ``EDIT_STORE`` there (its ops managers, and superusers). Nobody grants
a role with more actions than their own in that store, and nothing here makes anyone staff or superuser.

The invitation link carries a random token of which only a SHA-256 hash is stored (as API keys are); it works once,
until ``settings.PASSWORD_RESET_TIMEOUT`` (Django's own lifetime of password-reset links) has passed, and a newer
link for the same person replaces it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.choices import Action, Role
from accounts.grants import ROLE_ACTIONS
from core.db import advisory_lock
from core.errors import ServiceInvalid

from .choices import MembershipEventKind
from .models import Invitation, Membership, MembershipEvent, Store
from .permissions import can, role_in, stores_for


class TeamInvalid(ServiceInvalid):
    """A team change refused; ``message_dict`` maps a field (or ``__all__``) to its messages, nothing was written."""


class TeamConfirm(TeamInvalid):
    """The change takes the actor's own ops-manager role away: it is made only when they confirm it."""


@dataclass(frozen=True)
class NewMember:
    """A user created by an invitation, with the link's token (shown once, to pass on)."""

    user: Any
    membership: Membership
    token: str


def _refuse(field: str | None, message: str, cls: type[TeamInvalid] = TeamInvalid) -> TeamInvalid:
    return cls({field or NON_FIELD_ERRORS: [message]})


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def record(store: Store, kind: str, member: Any, actor: Any | None, before: str = "", after: str = "") -> None:
    """Keep one change of ``store``'s team (the admin's and the store creation's changes too)."""
    MembershipEvent.objects.create(
        store=store,
        kind=kind,
        member=member,
        member_username=member.get_username(),
        actor=actor if actor is not None and actor.pk else None,
        actor_username=actor.get_username() if actor is not None and actor.pk else "",
        role_before=before or "",
        role_after=after or "",
    )


def grantable_roles(actor: Any, store: Store) -> list[str]:
    """The roles ``actor`` may give in ``store``: none unless they manage its team, and none with an action they do
    not hold there themselves (a superuser holds every action)."""
    if not can(actor, Action.EDIT_STORE, store):
        return []
    if actor.is_superuser:
        return list(Role.values)
    own = ROLE_ACTIONS.get(role_in(actor, store) or "", frozenset())
    return [role for role in Role.values if ROLE_ACTIONS[role] <= own]


def _check_grant(actor: Any, store: Store, role: str) -> None:
    if role not in Role.values:
        raise _refuse("role", _("Choose one of the roles of a store."))
    if role not in grantable_roles(actor, store):
        raise _refuse("role", _("You may not give a role with more rights than your own in this store."))


def _lock(store: Store) -> None:
    advisory_lock("store-team", store.pk)


def _keeps_a_manager(membership: Membership, new_role: str | None, actor: Any, confirm: bool) -> None:
    """Refuse leaving the store without an active ops manager; ask before the actor gives up their own."""
    if membership.role != Role.OPS_MANAGER or new_role == Role.OPS_MANAGER:
        return
    others = Membership.objects.filter(store=membership.store, role=Role.OPS_MANAGER, user__is_active=True)
    if not others.exclude(pk=membership.pk).exists():
        raise _refuse(None, _("A store keeps at least one ops manager: give the role to someone else first."))
    if membership.user_id == actor.pk and not confirm:
        raise _refuse(
            "confirm",
            _("This takes your own ops manager role in this store away: you will no longer manage its team."),
            TeamConfirm,
        )


def _membership_of(store: Store, pk: int) -> Membership:
    membership = Membership.objects.select_related("user", "store").filter(store=store, pk=pk).first()
    if membership is None:
        raise _refuse(None, _("No such member in this store."))
    return membership


@transaction.atomic
def member_add(actor: Any, store: Store, user: Any, role: str, *, kind: str = MembershipEventKind.ADDED) -> Membership:
    """Give ``user`` ``role`` in ``store``; a user already in the team keeps their role (change it instead)."""
    _check_grant(actor, store, role)
    _lock(store)
    if Membership.objects.filter(store=store, user=user).exists():
        raise _refuse("username", _("%(user)s is already in this store's team.") % {"user": user.get_username()})
    membership = Membership.objects.create(store=store, user=user, role=role)
    record(store, kind, user, actor, after=role)
    return membership


def member_add_by_username(actor: Any, store: Store, username: str, role: str) -> Membership:
    """Add an existing, active user by their username.

    An unknown and an inactive username get the same answer, and nothing about the user (name, e-mail, other stores)
    is shown before they are added: that a username exists is told by the new-user form anyway (it cannot create a
    second one), so "no such user" tells nothing more."""
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise _refuse("username", _("No active user has this username. To bring in someone new, invite them below."))
    return member_add(actor, store, user, role)


@transaction.atomic
def member_role_set(actor: Any, store: Store, pk: int, role: str, *, confirm: bool = False) -> Membership:
    """Change a member's role; the store keeps an ops manager, and an actor demoting themselves confirms it."""
    _check_grant(actor, store, role)
    _lock(store)
    membership = _membership_of(store, pk)
    if membership.role == role:
        return membership
    if membership.role not in grantable_roles(actor, store):
        raise _refuse("role", _("You may not change the role of a member with more rights than your own."))
    _keeps_a_manager(membership, role, actor, confirm)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(store, MembershipEventKind.ROLE_CHANGED, membership.user, actor, before, role)
    return membership


@transaction.atomic
def member_remove(actor: Any, store: Store, pk: int, *, confirm: bool = False) -> Membership:
    """Take a member out of the store's team (not its last ops manager; the actor themselves only when confirmed).
    Their open invitation links for the store stop working."""
    if not can(actor, Action.EDIT_STORE, store):
        raise _refuse(None, _("You do not manage this store's team."))
    _lock(store)
    membership = _membership_of(store, pk)
    if membership.role not in grantable_roles(actor, store):
        raise _refuse(None, _("You may not remove a member with more rights than your own."))
    _keeps_a_manager(membership, None, actor, confirm)
    membership.delete()
    Invitation.objects.filter(store=store, user=membership.user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    record(store, MembershipEventKind.REMOVED, membership.user, actor, before=membership.role)
    return membership


def _check_new_user(username: str, name: str) -> dict[str, list[str]]:
    User = get_user_model()
    errors: dict[str, list[str]] = {}
    username = username.strip()
    try:
        User._meta.get_field("username").run_validators(username)
        User.username_validator(username)
    except ValidationError as exc:
        errors["new_username"] = list(exc.messages)
    if not username:
        errors["new_username"] = [_("Give the new member a username.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["new_username"] = [_("This username is taken: add that user by their username, or choose another.")]
    if not name.strip():
        errors["name"] = [_("Give the new member's name.")]
    return errors


@transaction.atomic
def member_invite(actor: Any, store: Store, *, username: str, name: str, email: str, role: str) -> NewMember:
    """Create a user who has no password yet, give them ``role`` in ``store`` and issue their one-time link."""
    _check_grant(actor, store, role)
    errors = _check_new_user(username, name)
    if errors:
        raise TeamInvalid(errors)
    user = get_user_model().objects.create_user(
        username=username.strip(), email=email.strip(), password=None, first_name=name.strip()[:150]
    )
    membership = member_add(actor, store, user, role)
    return NewMember(user, membership, _issue(actor, store, user))


def _issue(actor: Any, store: Store, user: Any) -> str:
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        store=store,
        hashed_token=_hash(token),
        created_by=actor,
        expires_at=now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
    )
    record(store, MembershipEventKind.INVITE_ISSUED, user, actor, after=role_in(user, store) or "")
    return token


def can_reissue(actor: Any, store: Store, user: Any) -> bool:
    """Whether ``actor`` may issue ``user`` a new link: someone who never set a password nor logged in, not staff,
    whose every store ``actor`` manages (a new link lets its holder into all of them)."""
    if user.has_usable_password() or user.last_login is not None or user.is_staff or user.is_superuser:
        return False
    if not can(actor, Action.EDIT_STORE, store):
        return False
    theirs = set(Membership.objects.filter(user=user).values_list("store_id", flat=True))
    return store.pk in theirs and theirs <= set(stores_for(actor, Action.EDIT_STORE).values_list("pk", flat=True))


@transaction.atomic
def invitation_reissue(actor: Any, store: Store, pk: int) -> tuple[Any, str]:
    """A new one-time link for a member who has not set a password yet; the older links stop working."""
    _lock(store)
    user = _membership_of(store, pk).user
    if not can_reissue(actor, store, user):
        raise _refuse(None, _("Only a member who has not set a password yet, and only in stores you manage all of."))
    return user, _issue(actor, store, user)


def invitation_send(user: Any, store: Store, link: str) -> bool:
    """E-mail the link to the new member when they have an address; False when it could not be sent."""
    if not user.email:
        return False
    language = settings.LANGUAGE_CODE
    with override(language):
        subject = _("Your opsplan account for %(store)s") % {"store": store.name}
        body = _(
            "Hello %(name)s,\n\nyou have been added to the team of %(store)s in opsplan (username: %(username)s).\n"
            "Set your password with this link; it works once, for %(days)s days:\n\n%(link)s\n"
        ) % {
            "name": user.get_full_name() or user.get_username(),
            "store": store.name,
            "username": user.get_username(),
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "link": link,
        }
    try:
        send_mail(subject, body, None, [user.email])
    except (SMTPException, OSError):
        return False
    return True


def invitation_for(token: str) -> Invitation | None:
    """The invitation of a link's token while it still works (unused, not replaced, not expired, user active)."""
    return (
        Invitation.objects.select_related("user", "store")
        .filter(
            hashed_token=_hash(token or ""),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


@transaction.atomic
def invitation_accept(token: str, password: str) -> Invitation:
    """Set the invited user's password from their link, once: a second use, or a link that expired, is refused."""
    invitation = invitation_for(token)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().select_related("user", "store").get(pk=invitation.pk)
    if invitation is None or invitation.used_at is not None or invitation.revoked_at is not None:
        raise _refuse(None, _("This link no longer works: it was used, replaced or has expired."))
    user = invitation.user
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise TeamInvalid({"new_password1": list(exc.messages)}) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(invitation.store, MembershipEventKind.INVITE_USED, user, user, after=role_in(user, invitation.store) or "")
    return invitation
