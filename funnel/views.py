"""Plan pages: create from template, the editor, scenarios and comparison (the index and a store's list, which
show the stage status, are the dashboards' (dashboards/plans.py))."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import store_rule, with_rule
from accounts.choices import Action
from funnel.domain.arithmetic import implied
from funnel.forms import CopyForm, MilestoneForm, PlanCreateForm, PlanEditForm, StageForm
from funnel.history import plan_history
from funnel.models import Milestone, Plan
from funnel.selectors import plan_months, plan_totals, plans_compare, plans_for_store, stage_rows
from funnel.services.plans import (
    PlanConflict,
    PlanInvalid,
    milestone_add,
    milestone_remove,
    plan_activate,
    plan_archive,
    plan_copy,
    plan_create_from_template,
    plan_save,
)
from stores.permissions import can


def _plan(request: HttpRequest, pk: int) -> Plan:
    return get_object_or_404(Plan.objects.select_related("store", "based_on"), pk=pk, store=request.store)


@with_rule(store_rule(Action.EDIT_PLAN))
def plan_create(request: HttpRequest, store: str) -> HttpResponse:
    today = timezone.localdate()
    form = PlanCreateForm(
        request.POST or None,
        initial={
            "name": _("%(year)s plan") % {"year": today.year + (1 if today.month >= 10 else 0)},
            "period_start": today.replace(month=1, day=1)
            if today.month < 10
            else today.replace(year=today.year + 1, month=1, day=1),
            "period_end": today.replace(month=12, day=31)
            if today.month < 10
            else today.replace(year=today.year + 1, month=12, day=31),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create_from_template(request.store, request.user, as_of=today, **form.cleaned_data)
        except PlanInvalid as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Plan created from the five-stage template. Adjust the stages below."))
            return redirect(plan)
    return render(request, "funnel/plan_create.html", {"store": request.store, "form": form})


def _editor_context(
    request: HttpRequest,
    plan: Plan,
    *,
    plan_form: PlanEditForm | None = None,
    stage_forms: list[StageForm] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    rows = stage_rows(plan)
    if stage_forms is None:
        stage_forms = [StageForm.for_stage(r.stage) for r in rows]
    months = plan_months(plan)
    return {
        "store": request.store,
        "plan": plan,
        "rows": list(zip(rows, stage_forms, strict=True)),
        "plan_form": plan_form or PlanEditForm(plan=plan),
        "months": months,
        "totals": plan_totals(plan),
        "chart": {
            "months": [m["month"].strftime("%Y-%m") for m in months],
            "orders": [m["orders"] for m in months],
            "gmv": [float(m["gmv"]) for m in months],
        },
        "milestones": plan.milestones.all(),
        "milestone_form": MilestoneForm(),
        "changes": plan_history(plan.changes.select_related("user")[:100]),
        "copy_form": CopyForm(),
        "can_edit": can(request.user, Action.EDIT_PLAN, request.store),
        "today": timezone.localdate(),
        "other_plans": plans_for_store(request.store).exclude(pk=plan.pk),
        **extra,
    }


@with_rule(store_rule(Action.VIEW))
def plan_detail(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    return render(request, "funnel/plan_detail.html", _editor_context(request, _plan(request, pk)))


@require_POST
@with_rule(store_rule(Action.EDIT_PLAN))
def plan_edit(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    """Save the editor; a conflict or invalid input re-renders it with everything the user typed."""
    plan = _plan(request, pk)
    plan_form = PlanEditForm(request.POST, plan=plan)
    stage_forms = [StageForm.for_stage(s, data=request.POST) for s in plan.stages.order_by("number")]
    forms_valid = plan_form.is_valid() & all([f.is_valid() for f in stage_forms])
    if not forms_valid:
        messages.error(request, _("Some values are not valid; they are marked below. Nothing was saved."))
        return render(
            request,
            "funnel/plan_detail.html",
            _editor_context(request, plan, plan_form=plan_form, stage_forms=stage_forms),
            status=400,
        )
    try:
        plan_save(
            plan.pk,
            request.user,
            lock_version=plan_form.cleaned_data["lock_version"],
            plan_values=plan_form.plan_values(),
            stage_values={int(f.prefix[1:]): f.stage_values() for f in stage_forms},
        )
    except PlanConflict as conflict:
        current = conflict.plan
        data = request.POST.copy()
        data["lock_version"] = current.lock_version  # saving again now is a deliberate choice
        plan_form = PlanEditForm(data, plan=current)
        plan_form.is_valid()
        return render(
            request,
            "funnel/plan_detail.html",
            _editor_context(
                request,
                current,
                plan_form=plan_form,
                stage_forms=stage_forms,
                conflict=True,
                recent_changes=plan_history(current.changes.select_related("user")[:10]),
            ),
            status=409,
        )
    except PlanInvalid as invalid:
        for problem in invalid.problems:
            messages.error(request, problem.message)
        return render(
            request,
            "funnel/plan_detail.html",
            _editor_context(
                request,
                plan,
                plan_form=plan_form,
                stage_forms=stage_forms,
                problems=invalid.problems,
            ),
            status=400,
        )
    messages.success(request, _("Plan saved; the day targets were recomputed."))
    return redirect(plan)


@require_POST
@with_rule(store_rule(Action.VIEW))
def plan_implied(request: HttpRequest, store: str, pk: int, number: int) -> HttpResponse:
    """What one stage row's targets imply (UV, GMV, ad spend a day), for the editor as the user types."""
    get_object_or_404(Plan.objects.filter(store=request.store, stages__number=number), pk=pk)
    prefix = f"s{number}-"
    try:
        orders = Decimal(request.POST.get(prefix + "orders_per_day", ""))
        conversion = Decimal(request.POST.get(prefix + "conversion_pct", "")) / 100
        aov = Decimal(request.POST.get(prefix + "aov", ""))
        paid_share = Decimal(request.POST.get(prefix + "paid_share_pct", "0") or "0") / 100
        cpc = Decimal(request.POST.get(prefix + "cpc", "0") or "0")
        if min(orders, aov, paid_share, cpc) < 0 or conversion <= 0:
            raise ValueError
        result = implied(orders, conversion, aov, paid_share, cpc)
    except (InvalidOperation, ValueError, ArithmeticError):
        result = None
    return render(request, "funnel/_implied.html", {"implied": result, "number": number})


@require_POST
@with_rule(store_rule(Action.EDIT_PLAN))
def plan_copy_view(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the scenario of the copy."))
        return redirect(plan)
    copy = plan_copy(plan, request.user, scenario=form.cleaned_data["scenario"])
    messages.success(request, _("Copied as scenario “%(scenario)s” (draft).") % {"scenario": copy.scenario_label})
    return redirect(copy)


@require_POST
@with_rule(store_rule(Action.EDIT_PLAN))
def plan_status(request: HttpRequest, store: str, pk: int, action: str) -> HttpResponse:
    plan = _plan(request, pk)
    if action == "activate":
        plan_activate(plan, request.user)
        messages.success(request, _("This plan is now the active plan of its period."))
    else:
        plan_archive(plan, request.user)
        messages.success(request, _("Plan archived."))
    return redirect(plan)


@require_POST
@with_rule(store_rule(Action.EDIT_PLAN))
def milestone_create(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            milestone_add(plan, request.user, **form.cleaned_data)
            messages.success(request, _("Milestone added."))
        except PlanInvalid as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("The milestone needs a title, a metric, a target and a date inside the period."))
    return redirect(plan)


@require_POST
@with_rule(store_rule(Action.EDIT_PLAN))
def milestone_delete(request: HttpRequest, store: str, pk: int, milestone: int) -> HttpResponse:
    plan = _plan(request, pk)
    milestone_remove(get_object_or_404(Milestone, pk=milestone, plan=plan), request.user)
    messages.success(request, _("Milestone removed."))
    return redirect(plan)


@with_rule(store_rule(Action.VIEW))
def plan_compare(request: HttpRequest, store: str) -> HttpResponse:
    plans = plans_for_store(request.store)
    a_id, b_id = request.GET.get("a"), request.GET.get("b")
    context: dict[str, Any] = {"store": request.store, "plans": plans, "a_id": a_id, "b_id": b_id}
    if a_id and b_id and a_id.isdigit() and b_id.isdigit():
        a, b = get_object_or_404(plans, pk=a_id), get_object_or_404(plans, pk=b_id)
        comparison = plans_compare(a, b)
        context.update(
            a=a,
            b=b,
            comparison=comparison,
            chart={
                "months": [m.strftime("%Y-%m") for m in comparison["month_figures"]],
                "a": [x["orders"] if x else 0 for x, _y in comparison["month_figures"].values()],
                "b": [y["orders"] if y else 0 for _x, y in comparison["month_figures"].values()],
                "a_name": str(a),
                "b_name": str(b),
            },
        )
    return render(request, "funnel/plan_compare.html", context)
