"""The team pages: a store's members for its ops manager, and the public page of a new member's one-time link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.access import LOGIN, public, store_rule, with_rule
from accounts.choices import Action, Role
from core.forms import service_errors_apply
from staffing.services import StaffingInvalid
from stores.members import (
    TeamConfirm,
    TeamInvalid,
    can_reissue,
    grantable_roles,
    invitation_accept,
    invitation_for,
    invitation_reissue,
    invitation_send,
    member_remove,
    member_role_set,
)
from stores.models import Membership
from stores.permissions import stores_for

from .forms import MemberAddForm, MemberInviteForm, MemberRemoveForm, MemberRoleForm, SetPasswordForm
from .selectors import people_without_login, team_history, team_members
from .services import team_member_add, team_member_invite

MANAGE = store_rule(Action.EDIT_STORE)
HISTORY_PER_PAGE = 20
NEW_LINK_KEY = "team_new_link"


# Where a new member starts in their store, by role; every other role starts on their shifts (rotas:mine).
@with_rule(LOGIN)
def home(request: HttpRequest) -> HttpResponse:
    """The stores whose team the user manages, each leading to its team page."""
    stores = stores_for(request.user, Action.EDIT_STORE).order_by("name", "code")
    return render(request, "team/home.html", {"stores": stores})


def _forms(request: HttpRequest, **bound: Any) -> dict[str, Any]:
    store = request.store
    roles = grantable_roles(request.user, store)
    people = people_without_login(store)
    return {
        "add_form": bound.get("add_form") or MemberAddForm(roles=roles, people=people, prefix="add"),
        "invite_form": bound.get("invite_form") or MemberInviteForm(roles=roles, people=people, prefix="invite"),
    }


def _page(
    request: HttpRequest,
    status: int = 200,
    error_for: int | None = None,
    error: dict[str, Any] | None = None,
    **bound: Any,
) -> HttpResponse:
    store = request.store
    roles = grantable_roles(request.user, store)
    labels = dict(Role.choices)
    members = team_members(store)
    managers = sum(1 for m in members if m.role == Role.OPS_MANAGER and m.user.is_active)
    for member in members:
        member.is_me = member.user_id == request.user.pk
        member.changeable = member.role in roles
        member.last_manager = member.role == Role.OPS_MANAGER and managers <= 1
        member.reissuable = can_reissue(request.user, store, member.user)
        member.pending = not member.user.has_usable_password() and member.user.last_login is None
    history = Paginator(team_history(store).select_related("actor"), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    new_link = request.session.pop(NEW_LINK_KEY, None) if request.method == "GET" else None
    context = {
        "store": store,
        "members": members,
        "roles": [(r, labels[r]) for r in roles],
        "history": history,
        "page_obj": history,
        "is_paginated": history.has_other_pages(),
        "new_link": new_link if new_link and new_link.get("store") == store.code else None,
        "error_for": error_for,
        "error": error,
        **_forms(request, **bound),
    }
    return render(request, "team/members.html", context, status=status)


@never_cache
@with_rule(MANAGE)
def members(request: HttpRequest, store: str) -> HttpResponse:
    """The store's members and their roles, forms to add, invite, change and remove, and the history of changes."""
    return _page(request)


def _show_link(request: HttpRequest, user: Any, token: str) -> None:
    """Keep the new link for the next page view only: the manager copies it and passes it on."""
    link = request.build_absolute_uri(reverse("team:join", kwargs={"token": token}))
    emailed = invitation_send(user, request.store, link)
    request.session[NEW_LINK_KEY] = {
        "store": request.store.code,
        "url": link,
        "username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
        "emailed": emailed,
        "email": user.email if emailed else "",
    }


@require_POST
@with_rule(MANAGE)
def member_add(request: HttpRequest, store: str) -> HttpResponse:
    roles = grantable_roles(request.user, request.store)
    form = MemberAddForm(request.POST, roles=roles, people=people_without_login(request.store), prefix="add")
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership = team_member_add(request.user, request.store, data["username"], data["role"], data["person"])
        except (TeamInvalid, StaffingInvalid) as exc:
            _apply(form, exc)
        else:
            messages.success(
                request,
                _("%(user)s joined the team as %(role)s.")
                % {"user": membership.user.get_username(), "role": membership.get_role_display()},
            )
            return redirect("team:members", store=store)
    return _page(request, status=400, add_form=form)


@require_POST
@with_rule(MANAGE)
def member_invite(request: HttpRequest, store: str) -> HttpResponse:
    roles = grantable_roles(request.user, request.store)
    form = MemberInviteForm(request.POST, roles=roles, people=people_without_login(request.store), prefix="invite")
    if form.is_valid():
        data = form.cleaned_data
        try:
            new = team_member_invite(
                request.user,
                request.store,
                username=data["new_username"],
                name=data["name"],
                email=data["email"],
                role=data["role"],
                person=data["person"],
            )
        except (TeamInvalid, StaffingInvalid) as exc:
            _apply(form, exc)
        else:
            _show_link(request, new.user, new.token)
            return redirect("team:members", store=store)
    return _page(request, status=400, invite_form=form)


def _apply(form: Any, exc: Exception) -> None:
    if isinstance(exc, StaffingInvalid):
        for name, texts in exc.errors.items():
            for text in texts:
                form.add_error("person" if name == "user" else None, text)
    else:
        service_errors_apply(form, exc, {"username": "username" if "username" in form.fields else "new_username"})


def _refused(request: HttpRequest, pk: int, exc: TeamInvalid) -> HttpResponse:
    text = " ".join(exc.messages)
    return _page(request, status=400, error_for=pk, error={"text": text, "confirm": isinstance(exc, TeamConfirm)})


def _left(request: HttpRequest, store: str) -> HttpResponse:
    """After a change the actor may no longer manage the team (they gave up their role): back to the store."""
    if stores_for(request.user, Action.EDIT_STORE).filter(code=store).exists():
        return redirect("team:members", store=store)
    if stores_for(request.user).filter(code=store).exists():
        return redirect("stores:store_detail", store=store)
    return redirect("stores:store_list")


@require_POST
@with_rule(MANAGE)
def member_role(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    membership = _member_or_404(request, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        return _refused(request, pk, TeamInvalid(_("Choose one of the roles of a store.")))
    try:
        changed = member_role_set(
            request.user, request.store, membership.pk, form.cleaned_data["role"], confirm=form.cleaned_data["confirm"]
        )
    except TeamInvalid as exc:
        return _refused(request, pk, exc)
    messages.success(
        request,
        _("%(user)s is now %(role)s.") % {"user": changed.user.get_username(), "role": changed.get_role_display()},
    )
    return _left(request, store)


@require_POST
@with_rule(MANAGE)
def member_remove_view(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    membership = _member_or_404(request, pk)
    form = MemberRemoveForm(request.POST)
    form.is_valid()
    try:
        removed = member_remove(request.user, request.store, membership.pk, confirm=form.cleaned_data.get("confirm"))
    except TeamInvalid as exc:
        return _refused(request, pk, exc)
    names = {"user": removed.user.get_username(), "store": removed.store.name}
    messages.success(request, _("%(user)s left the team of %(store)s.") % names)
    return _left(request, store)


@require_POST
@with_rule(MANAGE)
def invite_reissue(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    membership = _member_or_404(request, pk)
    try:
        user, token = invitation_reissue(request.user, request.store, membership.pk)
    except TeamInvalid as exc:
        return _refused(request, pk, exc)
    _show_link(request, user, token)
    return redirect("team:members", store=store)


def _member_or_404(request: HttpRequest, pk: int) -> Membership:
    """A membership of the request's store; another store's is not found."""
    membership = Membership.objects.select_related("user").filter(store=request.store, pk=pk).first()
    if membership is None:
        raise Http404(_("No such member in this store."))
    return membership


@never_cache
@public
def join(request: HttpRequest, token: str) -> HttpResponse:
    """A new member's one-time link: set a password, then start where their role starts. A link that was used,
    replaced or has expired says so (410), whoever opens it."""
    invitation = invitation_for(token)
    if invitation is None:
        return render(request, "team/join_invalid.html", status=410)
    form = SetPasswordForm(invitation.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_accept(token, form.cleaned_data["new_password1"])
        except TeamInvalid as exc:
            service_errors_apply(form, exc)
        else:
            login(request, invitation.user, backend="django.contrib.auth.backends.ModelBackend")
            name = invitation.user.get_full_name() or invitation.user.get_username()
            messages.success(request, _("Welcome, %(name)s: your password is set.") % {"name": name})
            return redirect("home")  # where their role starts (dashboards.landing)
    status = 400 if form.errors else 200
    return render(request, "team/join.html", {"form": form, "invitation": invitation}, status=status)
