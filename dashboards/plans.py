"""The plan index and a store's plans. They live here, above the rollups, because each shows where its store
stands in its plan (``rollups.selectors.stage_status``); they are served at the funnel's URLs (opsplan/urls.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import LOGIN, store_rule, with_rule
from accounts.choices import Action
from funnel.selectors import plans_for_store
from rollups.selectors import stage_status
from stores.permissions import can, stores_for


@with_rule(LOGIN)
def plan_index(request: HttpRequest) -> HttpResponse:
    """Every store of the user with its plans and where it stands today."""
    today = timezone.localdate()
    editable = set(stores_for(request.user, Action.EDIT_PLAN).values_list("pk", flat=True))
    rows = [
        {
            "store": store,
            "status": stage_status(store),
            "plans": plans_for_store(store)[:5],
            "can_edit": store.pk in editable,
        }
        for store in stores_for(request.user).order_by("name")
    ]
    return render(request, "funnel/plan_index.html", {"rows": rows, "today": today})


@with_rule(store_rule(Action.VIEW))
def plan_list(request: HttpRequest, store: str) -> HttpResponse:
    plans = plans_for_store(request.store)
    return render(
        request,
        "funnel/plan_list.html",
        {
            "store": request.store,
            "plans": plans,
            "status": stage_status(request.store),
            "can_edit": can(request.user, Action.EDIT_PLAN, request.store),
        },
    )
