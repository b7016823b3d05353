"""Writes of promotions: create and edit them, their phases and SKUs, adopt the year's preset, decide stock.

Every refusal raises :class:`PromotionInvalid` with a message per field and writes nothing. The rules of a
promotion as a whole (its dates, its phases within them, every SKU's price against its kind's floor) are
checked in one place, :func:`promotion_state_check`, on the state each write would leave.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.db import advisory_lock
from core.errors import ServiceInvalid
from inventory.models import Product, StockPolicy
from stores.models import Store

from .choices import PhaseKind, PromotionStatus
from .domain import ItemPrice, PhaseSpan, preset_for_year, promotion_problems
from .models import Promotion, PromotionItem, PromotionPhase

PROMOTION_FIELDS = ("kind", "name", "start_date", "end_date", "budget", "status", "notes")
MAX_UPLIFT = Decimal("9999.99")


class PromotionInvalid(ServiceInvalid):
    """Input breaks a rule; ``errors`` maps a field (or ``__all__``) to its messages."""


class PromotionConflict(Exception):
    """Someone saved the promotion since the caller read it (its version moved on)."""

    def __init__(self, promotion: Promotion) -> None:
        super().__init__("version conflict")
        self.promotion = promotion


def stock_policy_for(store: Store) -> StockPolicy:
    """The store's stock policy, created with the playbook's defaults when it has none."""
    policy, _created = StockPolicy.objects.get_or_create(store=store)
    return policy


def phases_of(promotion: Promotion) -> dict[str, PhaseSpan]:
    """The promotion's phases as stored, by kind, for :func:`promotion_state_check`."""
    phases = PromotionPhase.objects.filter(promotion=promotion)
    return {p.kind: PhaseSpan(p.kind, p.start_date, p.end_date) for p in phases}


def items_of(promotion: Promotion) -> dict[int, ItemPrice]:
    """The promotion's SKU lines as stored, by product id, for :func:`promotion_state_check`."""
    lines = PromotionItem.objects.filter(promotion=promotion).select_related("product")
    return {i.product_id: ItemPrice(i.product.code, i.product.list_price, i.promo_price) for i in lines}


def promotion_state_check(
    values: Mapping[str, Any],
    phases: Mapping[str, PhaseSpan] | None = None,
    items: Mapping[int, ItemPrice] | None = None,
    price_field: str = "kind",
) -> None:
    """The one check of a promotion's rules, on its whole state after a write: every write (create, edit of
    any field, SKU line, phase, import) builds that state and calls this before it writes anything, so no
    change of one field can leave another in breach (a custom kind keeping a Double 11 price)."""
    errors = promotion_problems(values, list((phases or {}).values()), list((items or {}).values()), price_field)
    if errors:
        raise PromotionInvalid(errors)


def _locked(promotion: Promotion) -> Promotion:
    return Promotion.objects.select_for_update().get(pk=promotion.pk)


def promotion_create(store: Store, values: Mapping[str, Any]) -> Promotion:
    """A new promotion of ``store`` (no phases, no SKUs yet)."""
    data = {"status": PromotionStatus.IDEA, "budget": Decimal("0"), "notes": "", **values}
    promotion_state_check(data)
    with transaction.atomic():
        stock_policy_for(store)
        return Promotion.objects.create(store=store, **{name: data[name] for name in PROMOTION_FIELDS})


def promotion_update(promotion: Promotion, values: Mapping[str, Any], version: int, as_of: date) -> Promotion:
    """Save edits made on top of ``version``; raises PromotionConflict if someone saved in between.
    Moving to "stock decided" records ``as_of`` as the decision day; moving back to idea or planned clears it."""
    with transaction.atomic():
        current = _locked(promotion)
        if current.version != version:
            raise PromotionConflict(current)
        data = {name: values.get(name, getattr(current, name)) for name in PROMOTION_FIELDS}
        promotion_state_check(data, phases_of(current), items_of(current))
        decided_on = _decided_on(current, data["status"], as_of)
        Promotion.objects.filter(pk=promotion.pk).update(**data, stock_decided_on=decided_on, version=F("version") + 1)
    return Promotion.objects.select_related("store").get(pk=promotion.pk)


def promotion_delete(promotion: Promotion) -> None:
    """Remove a promotion with its phases and SKUs (factory orders made for it stay, unlinked)."""
    promotion.delete()


def _values_of(promotion: Promotion) -> dict[str, Any]:
    return {name: getattr(promotion, name) for name in PROMOTION_FIELDS}


def _bump(promotion: Promotion) -> None:
    Promotion.objects.filter(pk=promotion.pk).update(version=F("version") + 1)


def phase_set(promotion: Promotion, kind: str, start: date, end: date) -> PromotionPhase:
    """Add or move a phase (one of each kind); it must lie within the promotion's dates."""
    errors: dict[str, list[str]] = {}
    if kind not in PhaseKind.values:
        errors["kind"] = [_("Choose one of the phases.")]
    if end < start:
        errors["end_date"] = [_("The phase ends before it starts.")]
    elif not (promotion.start_date <= start and end <= promotion.end_date):
        errors["start_date"] = [
            _("A phase must lie within the promotion's dates (%(start)s – %(end)s).")
            % {"start": promotion.start_date, "end": promotion.end_date}
        ]
    if errors:
        raise PromotionInvalid(errors)
    with transaction.atomic():
        current = _locked(promotion)
        phases = {**phases_of(current), kind: PhaseSpan(kind, start, end)}
        promotion_state_check(_values_of(current), phases, items_of(current))
        phase, _created = PromotionPhase.objects.update_or_create(
            promotion=promotion, kind=kind, defaults={"start_date": start, "end_date": end}
        )
        _bump(promotion)
    return phase


def phase_remove(phase: PromotionPhase) -> None:
    with transaction.atomic():
        phase.delete()
        _bump(phase.promotion)


@dataclass(frozen=True)
class ItemResult:
    """A SKU saved in a promotion, and the other promotions holding it on the same days (a warning)."""

    item: PromotionItem
    overlaps: list[Promotion]


def _check_item(promotion: Promotion, product: Product, promo_price: Decimal, uplift: Decimal, presale: int) -> None:
    errors: dict[str, list[str]] = {}
    if product.store_id != promotion.store_id:
        errors["product"] = [_("The SKU belongs to another store.")]
    if promo_price < 0:
        errors["promo_price"] = [_("The promotional price cannot be negative.")]
    if uplift < 0 or uplift > MAX_UPLIFT:
        errors["uplift"] = [_("The uplift is a factor on baseline sales from 0 to 9999.99, e.g. 3 for three times.")]
    if presale < 0:
        errors["presale_quantity"] = [_("The pre-sale quantity cannot be negative.")]
    if errors:
        raise PromotionInvalid(errors)


def item_overlaps(promotion: Promotion, product_id: int) -> list[Promotion]:
    """Other promotions of the store holding the SKU on at least one of this promotion's days."""
    return list(
        Promotion.objects.filter(
            store_id=promotion.store_id,
            items__product_id=product_id,
            start_date__lte=promotion.end_date,
            end_date__gte=promotion.start_date,
        )
        .exclude(pk=promotion.pk)
        .distinct()
    )


def item_save(
    promotion: Promotion,
    product: Product,
    promo_price: Decimal,
    uplift: Decimal = Decimal("1"),
    presale_quantity: int = 0,
) -> ItemResult:
    """Add a SKU to a promotion or change its price, uplift and pre-sale quantity.

    A price below the floor is refused (unless the kind allows it); an overlap with another promotion of
    the same SKU is returned as a warning, not refused (a store may run a SKU in two events on purpose)."""
    _check_item(promotion, product, promo_price, uplift, presale_quantity)
    with transaction.atomic():
        current = _locked(promotion)
        items = {**items_of(current), product.pk: ItemPrice(product.code, product.list_price, promo_price)}
        promotion_state_check(_values_of(current), phases_of(current), items, price_field="promo_price")
        item, _created = PromotionItem.objects.update_or_create(
            promotion=promotion,
            product=product,
            defaults={"promo_price": promo_price, "uplift": uplift, "presale_quantity": presale_quantity},
        )
        _bump(promotion)
    return ItemResult(item, item_overlaps(promotion, product.pk))


def item_remove(item: PromotionItem) -> None:
    with transaction.atomic():
        item.delete()
        _bump(item.promotion)


@dataclass(frozen=True)
class AdoptResult:
    created: list[Promotion]
    already: int


def preset_key(event_key: str, year: int) -> str:
    """What an adopted promotion keeps of its preset entry: "double_11:2026"."""
    return f"{event_key}:{year}"


def preset_adopt(store: Store, year: int) -> AdoptResult:
    """Add the year's platform events and festivals to a store in one transaction; adopting again adds
    nothing. An adopted entry is known by its preset key, which holds the year, so one renamed or moved
    since is not added again; the advisory lock serialises two adoptions of the same store."""
    try:
        events = preset_for_year(year)
    except ValueError as exc:
        raise PromotionInvalid({"year": [str(exc)]}) from exc
    with transaction.atomic():
        advisory_lock("promotion_preset", store.pk)
        stock_policy_for(store)
        keys = {preset_key(event.key, year): event for event in events}
        adopted = set(
            Promotion.objects.filter(store=store, preset_key__in=list(keys)).values_list("preset_key", flat=True)
        )
        created = []
        for key, event in keys.items():
            if key in adopted:
                continue
            promotion = Promotion.objects.create(
                store=store,
                kind=event.kind,
                name=event.name,
                start_date=event.start,
                end_date=event.end,
                status=PromotionStatus.PLANNED,
                preset_key=key,
            )
            PromotionPhase.objects.bulk_create(
                PromotionPhase(promotion=promotion, kind=p.kind, start_date=p.start, end_date=p.end)
                for p in event.phases
            )
            created.append(promotion)
    return AdoptResult(created, len(events) - len(created))


def stock_decide(promotion: Promotion, as_of: date) -> Promotion:
    """Record that the promotion's stock is decided (on ``as_of``): its stock reminders stop."""
    if promotion.status in (PromotionStatus.RUNNING, PromotionStatus.DONE):
        raise PromotionInvalid({"status": [_("The promotion is running or done; its stock was settled.")]})
    with transaction.atomic():
        current = _locked(promotion)
        values = {**_values_of(current), "status": PromotionStatus.STOCK_DECIDED}
        promotion_state_check(values, phases_of(current), items_of(current))
        Promotion.objects.filter(pk=promotion.pk).update(
            status=PromotionStatus.STOCK_DECIDED, stock_decided_on=as_of, version=F("version") + 1
        )
    promotion.refresh_from_db()
    return promotion


def _decided_on(promotion: Promotion, status: str, as_of: date) -> date | None:
    if status in (PromotionStatus.IDEA, PromotionStatus.PLANNED):
        return None  # back to planning: the stock question is open again
    if status == PromotionStatus.STOCK_DECIDED and promotion.status != PromotionStatus.STOCK_DECIDED:
        return as_of
    return promotion.stock_decided_on or (as_of if status == PromotionStatus.STOCK_DECIDED else None)


def promotion_set_status(promotion: Promotion, status: str, as_of: date) -> Promotion:
    """Move a promotion to ``status``; "stock decided" records ``as_of`` as the decision day."""
    if status not in PromotionStatus.values:
        raise PromotionInvalid({"status": [_("Choose one of the statuses.")]})
    with transaction.atomic():
        current = _locked(promotion)
        promotion_state_check({**_values_of(current), "status": status}, phases_of(current), items_of(current))
        Promotion.objects.filter(pk=promotion.pk).update(
            status=status, stock_decided_on=_decided_on(current, status, as_of), version=F("version") + 1
        )
    promotion.refresh_from_db()
    return promotion
