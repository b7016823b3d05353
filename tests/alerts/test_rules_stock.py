"""The stock and promotion rules on hand-built contexts."""

from datetime import date, timedelta

from alerts.choices import AlertKind, Severity
from alerts.rulebook import RULES, alert_text
from alerts.rules import AlertContext, PromotionDeadline, StockFigure

AS_OF = date(2026, 10, 30)


def sku(code="SH-001", *, on_hand=50, inbound=0, reorder=20, listed=True, below=False, suggested=0) -> StockFigure:
    return StockFigure(code, f"Item {code}", listed, on_hand, inbound, reorder, suggested, below)


def check(kind, **values):
    return RULES[kind].check(AlertContext(store_id=1, as_of=AS_OF, **values))


def test_a_sku_below_its_reorder_point_warns_with_the_suggested_order():
    [found] = check(AlertKind.STOCK_LOW, stock=(sku(on_hand=12, inbound=3, below=True, suggested=90), sku("SH-002")))
    assert (found.key, found.severity) == ("SH-001", Severity.WARNING)
    assert "12 on hand and 3 on order, at or below its reorder point of 20" in found.detail
    assert "Suggested factory order: 90 units" in found.detail


def test_nothing_on_hand_nor_on_order_below_the_reorder_point_is_critical():
    [found] = check(AlertKind.STOCK_LOW, stock=(sku(on_hand=0, listed=False, below=True),))
    assert found.severity == Severity.CRITICAL


def test_an_out_of_stock_listed_sku_gets_the_delist_alert_not_the_reorder_one():
    stock = (sku(on_hand=0, below=True), sku("SH-009", on_hand=-2, listed=True))
    assert check(AlertKind.STOCK_LOW, stock=stock) == []
    found = check(AlertKind.STOCK_OUT_LISTED, stock=stock)
    assert [f.key for f in found] == ["SH-001", "SH-009"]
    assert all(f.severity == Severity.CRITICAL for f in found)
    assert "delist it now" in found[0].detail


def test_a_delisted_sku_without_stock_raises_nothing():
    assert check(AlertKind.STOCK_OUT_LISTED, stock=(sku(on_hand=0, listed=False),)) == []


def deadline(kind="stock_decision", due_in=2, shortfall=0) -> PromotionDeadline:
    start = AS_OF + timedelta(days=10)
    return PromotionDeadline(7, "双11 Double 11", start, kind, AS_OF + timedelta(days=due_in), shortfall)


def test_a_stock_decision_due_soon_warns_and_names_the_date():
    [found] = check(AlertKind.PROMOTION_DECISION, promotion_deadlines=(deadline(),))
    assert (found.key, found.severity) == ("7:stock_decision", Severity.WARNING)
    assert found.title == "Decide the stock for 双11 Double 11 by 2026-11-01 (due in 1 day)"


def test_a_factory_order_date_with_a_shortfall_is_critical_and_says_how_short():
    [found] = check(AlertKind.PROMOTION_DECISION, promotion_deadlines=(deadline("factory_order", 3, 40),))
    assert found.severity == Severity.CRITICAL
    assert found.title.startswith("Order stock for 双11 Double 11 from the factory by")
    assert "falls 40 units short" in found.detail


def test_a_passed_deadline_is_critical():
    [found] = check(AlertKind.PROMOTION_DECISION, promotion_deadlines=(deadline(due_in=0),))
    assert found.severity == Severity.CRITICAL


def test_a_deadline_long_passed_says_by_how_many_days_whenever_it_is_read():
    [found] = check(AlertKind.PROMOTION_DECISION, promotion_deadlines=(deadline(due_in=-3),))
    assert found.title == "Stock for 双11 Double 11 not decided: overdue by 4 days (due 2026-10-27)"
    later = alert_text(found.kind, found.data, found.title, found.detail, today=date(2026, 11, 6))
    assert later[0] == "Stock for 双11 Double 11 not decided: overdue by 10 days (due 2026-10-27)"
    ahead = alert_text(found.kind, found.data, found.title, found.detail, today=date(2026, 10, 24))
    assert ahead[0] == "Decide the stock for 双11 Double 11 by 2026-10-27 (due in 3 days)"
    [factory] = check(AlertKind.PROMOTION_DECISION, promotion_deadlines=(deadline("factory_order", -1),))
    assert factory.title == "Factory order for 双11 Double 11 not placed: overdue by 2 days (due 2026-10-29)"


def test_the_stored_data_holds_no_date_of_reading_so_a_held_alert_does_not_change_every_day():
    [found] = check(AlertKind.PROMOTION_DECISION, promotion_deadlines=(deadline(due_in=-3),))
    assert "today" not in found.data
