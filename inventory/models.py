"""Products (SKUs) of a store, their stock as movements, factory orders, and the store's stock policy."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import BusinessDateField
from core.playbook import LISTED_MAX, LISTED_MIN, MAIN_PUSH_ITEMS, MAIN_PUSH_SAFETY_STOCK, STOCK_DECISION_DAYS

from .choices import FactoryOrderStatus, Lifecycle, MovementKind, ProductRole

MONEY = {"max_digits": 12, "decimal_places": 2}
sku_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
    _("Use letters, digits, dots, hyphens and underscores, starting with a letter or digit, e.g. SH-T001."),
)


class StockPolicy(models.Model):
    """A store's stock and assortment rules from the playbook; every number is a default the manager may change."""

    store = models.OneToOneField(
        "stores.Store", on_delete=models.CASCADE, related_name="stock_policy", verbose_name=_("store")
    )
    main_push_safety_stock = models.PositiveIntegerField(
        _("safety stock of main-push items (units)"),
        default=MAIN_PUSH_SAFETY_STOCK,
        help_text=_("The playbook keeps 30–50 units on hand."),
    )
    other_safety_stock = models.PositiveIntegerField(_("safety stock of other items (units)"), default=0)
    listed_min = models.PositiveIntegerField(_("listed products from"), default=LISTED_MIN)
    listed_max = models.PositiveIntegerField(_("listed products to"), default=LISTED_MAX)
    main_push_target = models.PositiveIntegerField(_("main-push items"), default=MAIN_PUSH_ITEMS)
    decision_days = models.PositiveIntegerField(
        _("stock decision before a promotion (days)"),
        default=STOCK_DECISION_DAYS,
        help_text=_("Decide promotion stock a week ahead."),
    )
    order_safety_days = models.PositiveIntegerField(
        _("safety days on factory orders"), default=3, help_text=_("Order-by date = start − lead time − these days.")
    )
    reminder_days = models.PositiveIntegerField(_("remind this many days before a deadline"), default=3)
    order_cover_days = models.PositiveIntegerField(
        _("factory orders cover (days of sales)"),
        default=30,
        help_text=_("A suggested factory order brings stock up to this many days of sales after it arrives."),
    )

    class Meta:
        verbose_name = _("stock policy")
        verbose_name_plural = _("stock policies")

    def __str__(self) -> str:
        return f"{self.store_id}"


class Product(models.Model):
    """One SKU a store sells: its prices, role, lifecycle stage and whether it is listed."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="products", verbose_name=_("store")
    )
    code = models.CharField(_("SKU code"), max_length=64, validators=[sku_code_validator])
    name = models.CharField(_("name"), max_length=200)
    style = models.CharField(_("style"), max_length=100, blank=True)
    list_price = models.DecimalField(_("list price (CNY)"), validators=[MinValueValidator(0)], **MONEY)
    cost = models.DecimalField(_("unit cost (CNY)"), validators=[MinValueValidator(0)], **MONEY)
    role = models.CharField(_("role"), max_length=20, choices=ProductRole.choices, default=ProductRole.PROFIT)
    lifecycle = models.CharField(
        _("lifecycle stage"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.CULTIVATION
    )
    is_main_push = models.BooleanField(_("main-push item"), default=False)
    is_listed = models.BooleanField(_("listed"), default=True)
    lead_time_days = models.PositiveIntegerField(_("supplier lead time (days)"), default=15)
    # Empty: the store's policy decides (30 units for main-push items by default).
    safety_stock = models.PositiveIntegerField(_("safety stock (units)"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["store_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["store", "code"], name="product_code_unique_per_store"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:product_detail", kwargs={"store": self.store.code, "sku": self.code})


class StockMovement(models.Model):
    """One change of a product's stock. On-hand is the sum of a product's movements and is never stored.

    Sales are day totals per source (an API client or the customer-service log): pushing a day again replaces
    that day's total, so a retried push counts once. Receipts, returns, adjustments and counts are appended.
    A count stores what was counted and, as its quantity, the difference from the on-hand it found."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="stock_movements", verbose_name=_("store")
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="movements", verbose_name=_("product"))
    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    date = BusinessDateField(_("date"))
    # Signed: sales are negative, receipts and returns positive.
    quantity = models.IntegerField(_("quantity"))
    counted = models.IntegerField(_("counted"), null=True, blank=True)
    # "service_log" or "client:<id>" for sales (funnel.choices), "user:<id>" or "factory_order:<id>" otherwise.
    source = models.CharField(_("source"), max_length=40)
    note = models.CharField(_("note"), max_length=255, blank=True)
    # A day total of a sales source (sales, and the returns reported with them): replaced when pushed again.
    day_total = models.BooleanField(_("day total"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["product", "date"], name="movement_product_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "date", "source"],
                condition=Q(kind="sale"),
                name="movement_one_sale_total_per_product_day_source",
            ),
            models.UniqueConstraint(
                fields=["product", "date", "source", "kind"],
                condition=Q(day_total=True),
                name="movement_one_day_total_per_product_day_source_kind",
            ),
            models.CheckConstraint(condition=~Q(kind="sale") | Q(day_total=True), name="sale_is_day_total"),
            models.CheckConstraint(condition=Q(kind="sale", quantity__lte=0) | ~Q(kind="sale"), name="sale_negative"),
            models.CheckConstraint(
                condition=Q(kind__in=["receipt", "return"], quantity__gte=0) | ~Q(kind__in=["receipt", "return"]),
                name="receipt_return_positive",
            ),
            models.CheckConstraint(
                condition=Q(kind="count", counted__isnull=False, counted__gte=0) | ~Q(kind="count"),
                name="count_has_counted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.date} {self.kind} {self.quantity:+d}"


class FactoryOrder(models.Model):
    """Stock ordered from the factory and expected on a date: inbound stock in the projection until received."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="factory_orders", verbose_name=_("store")
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="factory_orders", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    ordered_on = BusinessDateField(_("ordered on"))
    expected_on = BusinessDateField(_("expected on"))
    status = models.CharField(
        _("status"), max_length=10, choices=FactoryOrderStatus.choices, default=FactoryOrderStatus.OPEN
    )
    promotion = models.ForeignKey(
        "promotions.Promotion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="factory_orders",
        verbose_name=_("for promotion"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("factory order")
        verbose_name_plural = _("factory orders")
        ordering = ["expected_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(expected_on__gte=models.F("ordered_on")), name="factory_order_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} ×{self.quantity} @ {self.expected_on}"
