"""The demo stores' promotion calendars: this year's and next year's preset, with SKUs in Double 11 and 12.12."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_CEILING, Decimal

from inventory.models import Product
from promotions.choices import PromotionKind
from promotions.models import Promotion, PromotionItem
from promotions.services import item_save, preset_adopt
from stores.models import Store

SKUS_PER_EVENT = 3
# (price as a share of list price, uplift, pre-sale units) per event; Double 11 may go below the 7折 floor.
EVENT_ITEMS = {
    PromotionKind.DOUBLE_11: (Decimal("0.60"), Decimal("4.00"), 30),
    PromotionKind.DOUBLE_12: (Decimal("0.75"), Decimal("2.50"), 0),
}


def demo_promotions(stores: Iterable[Store], as_of: date) -> None:
    """Adopt the preset of ``as_of``'s year and the next for every store, and put the store's first products
    (main-push first) into the Double 11 and 12.12 still ahead. A store without products gets no SKUs.
    Adopting and adding are skipped where done already, so loading twice changes nothing."""
    for store in stores:
        for year in (as_of.year, as_of.year + 1):
            preset_adopt(store, year)
        products = list(Product.objects.filter(store=store, is_listed=True).order_by("-is_main_push", "code"))
        if products:
            _items(store, products[:SKUS_PER_EVENT], as_of)


def _items(store: Store, products: list[Product], as_of: date) -> None:
    events = Promotion.objects.filter(store=store, kind__in=list(EVENT_ITEMS), end_date__gte=as_of).exclude(
        preset_key=""
    )
    present = set(PromotionItem.objects.filter(promotion__in=events).values_list("promotion_id", "product_id"))
    for promotion in events:
        share, uplift, presale = EVENT_ITEMS[promotion.kind]
        for product in products:
            if (promotion.pk, product.pk) in present:
                continue
            price = (product.list_price * share).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
            item_save(promotion, product, price, uplift, presale if product.is_main_push else 0)
