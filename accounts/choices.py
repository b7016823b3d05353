"""Roles people hold in a store, and the actions opsplan guards."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A person's role in one store (运营主管, 客服, 美工, 推广, 物流, 财务, 编辑, read-only)."""

    OPS_MANAGER = "ops_manager", _("Operations manager")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    DESIGNER = "designer", _("Designer")
    PROMOTER = "promoter", _("Promotion specialist")
    LOGISTICS = "logistics", _("Logistics")
    FINANCE = "finance", _("Finance")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class Action(models.TextChoices):
    """What someone may do in a store; roles and API clients are granted sets of these."""

    VIEW = "view", _("See the store, its plans and its figures")
    EDIT_STORE = "edit_store", _("Edit the store's settings and members")
    EDIT_PLAN = "edit_plan", _("Edit plans and targets")
    LOG_ORDERS = "log_orders", _("Log the day's orders")
    EDIT_STAFFING = "edit_staffing", _("Edit staffing and shifts")
    EDIT_INVENTORY = "edit_inventory", _("Edit products and stock")
    EDIT_PROMOTIONS = "edit_promotions", _("Edit the promotion calendar")
    IMPORT_EXPORTS = "import_exports", _("Import the platforms' back-office exports of daily figures")
    PUSH_METRICS = "push_metrics", _("Push daily metrics through the API")
    PUSH_SALES = "push_sales", _("Push daily sales per product through the API")
    VIEW_STAFF = "view_staff", _("See the store's staff: names, phones, notes, shifts and scorecards")


class ApiScope(models.TextChoices):
    """What an API client is allowed to do, granted per client; a new client gets only ``push_metrics``."""

    PUSH_METRICS = "push_metrics", _("Push daily metrics")
    PUSH_SALES = "push_sales", _("Push daily sales per product")
    READ_REPORTS = "read_reports", _("Read plans, figures and reports")
    READ_STAFF = "read_staff", _("Read staff data (names, phones, notes, shifts, scorecards)")
