"""Writes of products: create, and update under an optimistic lock (the ``version`` column)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ALL, ServiceInvalid
from core.text import joined
from stores.models import Store

from ..models import Product

EDITABLE_FIELDS = (
    "code",
    "name",
    "style",
    "list_price",
    "cost",
    "role",
    "lifecycle",
    "is_main_push",
    "is_listed",
    "lead_time_days",
    "safety_stock",
)


class ProductInvalid(ServiceInvalid):
    """The values break a rule; ``errors`` maps field names (or ``__all__``) to messages."""


class ProductConflict(Exception):
    """Someone saved the product since the version the editor read; nothing was written."""

    def __init__(self, product: Product) -> None:
        super().__init__(f"product {product.pk} is at version {product.version}")
        self.product = product


def _checked(product: Product) -> None:
    try:
        product.full_clean(exclude=["store"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ProductInvalid(exc.message_dict) from exc
    duplicate = Product.objects.filter(store_id=product.store_id, code=product.code).exclude(pk=product.pk)
    if duplicate.exists():
        raise ProductInvalid({"code": [_("The store has a product with this SKU code already.")]})


def product_create(store: Store, values: Mapping[str, Any], user: Any = None) -> Product:
    """Add a product to a store; raises ProductInvalid."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ProductInvalid({ALL: [_("Unknown fields: %(names)s.") % {"names": joined(sorted(unknown))}]})
    product = Product(store=store, **values)
    _checked(product)
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as exc:  # the same code saved concurrently
        raise ProductInvalid({"code": [_("The store has a product with this SKU code already.")]}) from exc
    return product


def product_update(product_id: int, values: Mapping[str, Any], *, version: int, user: Any = None) -> Product:
    """Change a product if it is still at ``version``; raises ProductConflict or ProductInvalid."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ProductInvalid({ALL: [_("Unknown fields: %(names)s.") % {"names": joined(sorted(unknown))}]})
    product = Product.objects.select_related("store").get(pk=product_id)
    if product.version != version:
        raise ProductConflict(product)
    for name, value in values.items():
        setattr(product, name, value)
    _checked(product)
    try:
        with transaction.atomic():
            # The conditional UPDATE is the lock: 0 rows means someone saved in between.
            written = Product.objects.filter(pk=product_id, version=version).update(
                **{name: getattr(product, name) for name in values},
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise ProductInvalid({"code": [_("The store has a product with this SKU code already.")]}) from exc
    if not written:
        raise ProductConflict(Product.objects.get(pk=product_id))
    return Product.objects.select_related("store").get(pk=product_id)
