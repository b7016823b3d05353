"""Pages of a store's promotions: list, create, edit, the detail with its SKUs and stock, the year's preset."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import store_rule, with_rule
from accounts.choices import Action
from core import numbers
from core.dates import local_date
from core.forms import service_errors_apply
from stores.permissions import can

from .choices import PromotionStatus
from .domain import preset_for_year
from .filtersets import PromotionFilterSet
from .forms import ItemForm, PhaseForm, PresetForm, PromotionForm, StatusForm
from .models import Promotion, PromotionItem, PromotionPhase
from .selectors import promotion_plans, promotions_with_details
from .services import (
    PromotionConflict,
    PromotionInvalid,
    item_remove,
    item_save,
    phase_remove,
    phase_set,
    preset_adopt,
    promotion_create,
    promotion_delete,
    promotion_set_status,
    promotion_update,
)

VIEW = store_rule(Action.VIEW)
EDIT = store_rule(Action.EDIT_PROMOTIONS)


def store_today(request: HttpRequest) -> date:
    return local_date(request.store.time_zone, timezone.now())


def _promotion(request: HttpRequest, pk: int) -> Promotion:
    return get_object_or_404(promotions_with_details(), pk=pk, store=request.store)


def _year(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 1901 <= year <= 2099 else default


@with_rule(VIEW)
def promotion_list(request: HttpRequest, store: str) -> HttpResponse:
    """The store's promotions of a year with their deadlines and stock risk."""
    as_of = store_today(request)
    year = _year(request, as_of.year)
    promotions: QuerySet[Promotion] = promotions_with_details().filter(
        store=request.store, start_date__year__lte=year, end_date__year__gte=year
    )
    # The API's filterset, so ?kind= and ?status= mean the same on the page and in /api/v1/promotions/.
    filterset = PromotionFilterSet(request.GET, queryset=promotions)
    promotions = filterset.qs if filterset.is_valid() else promotions
    context = {
        "filter": filterset,
        "store": request.store,
        "year": year,
        "as_of": as_of,
        "plans": promotion_plans(list(promotions.order_by("start_date", "name")), as_of),
        "can_edit": can(request.user, Action.EDIT_PROMOTIONS, request.store),
    }
    return render(request, "promotions/promotion_list.html", context)


@with_rule(EDIT)
def promotion_new(request: HttpRequest, store: str) -> HttpResponse:
    form = PromotionForm(request.POST or None, initial={"status": PromotionStatus.IDEA})
    if request.method == "POST" and form.is_valid():
        try:
            promotion = promotion_create(request.store, form.values())
        except PromotionInvalid as exc:
            service_errors_apply(form, exc)
        else:
            messages.success(request, _("Promotion created; add its SKUs below."))
            return redirect(promotion)
    return render(request, "promotions/promotion_form.html", {"store": request.store, "form": form})


@with_rule(EDIT)
def promotion_edit(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    promotion = _promotion(request, pk)
    form = PromotionForm(request.POST or None, instance=promotion)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            promotion_update(promotion, form.values(), version, store_today(request))
        except PromotionInvalid as exc:
            service_errors_apply(form, exc)
        except PromotionConflict as exc:
            form.add_error(
                None,
                _(
                    "Someone saved this promotion since you opened it; your changes are below, "
                    "and saving again keeps them."
                ),
            )
            form.data = form.data.copy()
            form.data["version"] = exc.promotion.version
        else:
            messages.success(request, _("Promotion saved."))
            return redirect(promotion)
    context = {"store": request.store, "form": form, "promotion": promotion}
    return render(request, "promotions/promotion_form.html", context)


@require_POST
@with_rule(EDIT)
def promotion_remove(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    promotion = _promotion(request, pk)
    promotion_delete(promotion)
    messages.success(request, _("Promotion “%(name)s” deleted.") % {"name": promotion.name})
    return redirect("promotions:promotion_list", store=store)


def _detail(request: HttpRequest, promotion: Promotion, status: int = 200, **forms: Any) -> HttpResponse:
    as_of = store_today(request)
    plan = promotion_plans([promotion], as_of)[0]
    context = {
        "store": request.store,
        "promotion": promotion,
        "plan": plan,
        "as_of": as_of,
        "can_edit": can(request.user, Action.EDIT_PROMOTIONS, request.store),
        "item_form": forms.get("item_form") or ItemForm(store=request.store),
        "phase_form": forms.get("phase_form") or PhaseForm(),
        "statuses": PromotionStatus.choices,
    }
    return render(request, "promotions/promotion_detail.html", context, status=status)


@with_rule(VIEW)
def promotion_detail(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    """Phases, SKUs with their prices, the stock table per SKU and the deadlines."""
    return _detail(request, _promotion(request, pk))


@require_POST
@with_rule(EDIT)
def item_add(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    """Add a SKU (or change its line); a price below the floor is shown next to the price and saves nothing."""
    promotion = _promotion(request, pk)
    form = ItemForm(request.POST, store=request.store)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = item_save(
                promotion, data["product"], data["promo_price"], data["uplift"], data["presale_quantity"]
            )
        except PromotionInvalid as exc:
            service_errors_apply(form, exc)
        else:
            messages.success(request, _("%(sku)s saved in the promotion.") % {"sku": data["product"].code})
            for other in result.overlaps:
                messages.warning(
                    request,
                    _("%(sku)s is also in “%(other)s” (%(start)s – %(end)s) on the same days.")
                    % {
                        "sku": data["product"].code,
                        "other": other.name,
                        "start": other.start_date,
                        "end": other.end_date,
                    },
                )
            return redirect(promotion)
    return _detail(request, _promotion(request, pk), status=422, item_form=form)


@require_POST
@with_rule(EDIT)
def item_delete(request: HttpRequest, store: str, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(
        PromotionItem.objects.select_related("promotion", "product"),
        pk=item_pk,
        promotion__pk=pk,
        promotion__store=request.store,
    )
    item_remove(item)
    messages.success(request, _("%(sku)s removed from the promotion.") % {"sku": item.product.code})
    return redirect(item.promotion)


@require_POST
@with_rule(EDIT)
def phase_save(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    promotion = _promotion(request, pk)
    form = PhaseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            phase_set(promotion, data["kind"], data["start_date"], data["end_date"])
        except PromotionInvalid as exc:
            service_errors_apply(form, exc)
        else:
            messages.success(request, _("Phase saved."))
            return redirect(promotion)
    return _detail(request, promotion, status=422, phase_form=form)


@require_POST
@with_rule(EDIT)
def phase_delete(request: HttpRequest, store: str, pk: int, phase_pk: int) -> HttpResponse:
    phase = get_object_or_404(
        PromotionPhase.objects.select_related("promotion"),
        pk=phase_pk,
        promotion__pk=pk,
        promotion__store=request.store,
    )
    phase_remove(phase)
    messages.success(request, _("Phase removed."))
    return redirect(phase.promotion)


@require_POST
@with_rule(EDIT)
def status_change(request: HttpRequest, store: str, pk: int) -> HttpResponse:
    """Move the promotion along idea → planned → stock decided → running → done."""
    promotion = _promotion(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses."))
        return redirect(promotion)
    promotion_set_status(promotion, form.cleaned_data["status"], store_today(request))
    messages.success(request, _("Status: %(status)s.") % {"status": promotion.get_status_display()})
    return redirect(promotion)


@with_rule(EDIT)
def preset(request: HttpRequest, store: str) -> HttpResponse:
    """Adopt the year's platform events and festivals for the store, in one step."""
    form = PresetForm(request.POST or None, as_of=store_today(request))
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            result = preset_adopt(request.store, year)
        except PromotionInvalid as exc:
            service_errors_apply(form, exc)
        else:
            if result.created:
                messages.success(
                    request,
                    _("%(n)s promotions of %(year)s added to the calendar.")
                    % {"n": numbers.count(len(result.created)), "year": year},
                )
            else:
                messages.info(request, _("The store has adopted the %(year)s calendar already.") % {"year": year})
            return redirect(reverse("promotions:promotion_list", kwargs={"store": store}) + f"?year={year}")
    year = form.data.get("year") if form.is_bound else form.initial["year"]
    try:
        events = preset_for_year(int(year))
    except (TypeError, ValueError):
        events = []
    return render(request, "promotions/preset.html", {"store": request.store, "form": form, "events": events})
