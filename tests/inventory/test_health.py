"""The shop health checks, without a database."""

from datetime import date
from decimal import Decimal

from inventory.health import AssortmentRules, ProductFigures, health_checks

AS_OF = date(2026, 11, 1)
RULES = AssortmentRules(listed_min=40, listed_max=50, main_push_target=2)


def figures(code="P", **overrides) -> ProductFigures:
    values = {
        "code": code,
        "name": code,
        "is_listed": True,
        "is_main_push": False,
        "on_hand": 100,
        "inbound_open": 0,
        "reorder_point": 20,
        "average_daily": Decimal("2"),
        "days_of_cover": Decimal("50"),
    }
    return ProductFigures(**{**values, **overrides})


def checks(products, rules=RULES):
    return {c.key: c for c in health_checks(products, rules, AS_OF)}


def shop(n_listed=45, n_main=2):
    return [figures(f"P{i}", is_main_push=i < n_main) for i in range(n_listed)]


def test_a_healthy_shop_passes_every_check():
    assert all(c.ok for c in checks(shop()).values())


def test_fewer_than_40_listed_is_a_warning_and_delisted_items_do_not_count():
    products = shop(39) + [figures("OFF", is_listed=False)]
    result = checks(products)["listed_count"]
    assert result.status == "warning" and "39" in result.message


def test_more_than_50_listed_is_a_warning():
    assert checks(shop(51))["listed_count"].status == "warning"


def test_40_and_50_listed_are_within_the_target():
    assert checks(shop(40))["listed_count"].ok and checks(shop(50))["listed_count"].ok


def test_main_push_count_other_than_two_is_a_warning():
    result = checks(shop(45, 3))["main_push_count"]
    assert result.status == "warning" and result.skus == ["P0", "P1", "P2"]


def test_a_main_push_item_running_out_before_its_promotion_ends_is_flagged():
    products = shop()
    products[0] = figures(
        "P0",
        is_main_push=True,
        first_stockout=date(2026, 11, 10),
        next_promotion_name="双11",
        next_promotion_end=date(2026, 11, 11),
    )
    result = checks(products)["main_push_cover"]
    assert result.status == "danger" and result.skus == ["P0"]
    assert "2026-11-10" in result.message


def test_a_stockout_after_the_promotion_is_fine():
    products = shop()
    products[0] = figures(
        "P0", is_main_push=True, first_stockout=date(2026, 11, 20), next_promotion_end=date(2026, 11, 11)
    )
    assert checks(products)["main_push_cover"].ok


def test_main_push_stock_below_the_bestseller_target_is_flagged_counting_open_orders():
    products = shop()
    products[0] = figures("P0", is_main_push=True, on_hand=150, inbound_open=40)
    products[1] = figures("P1", is_main_push=True, on_hand=150, inbound_open=60)
    result = checks(products, AssortmentRules(bestseller_target=200))["main_push_cover"]
    assert result.skus == ["P0"]


def test_an_out_of_stock_listed_item_must_be_delisted():
    products = shop()
    products[5] = figures("P5", on_hand=0)
    products.append(figures("GONE", on_hand=0, is_listed=False))
    result = checks(products)["out_of_stock_listed"]
    assert result.status == "danger" and result.skus == ["P5"]
    assert "delist" in result.message


def test_below_the_reorder_point_counts_open_orders():
    products = shop()
    products[3] = figures("P3", on_hand=15, reorder_point=20)
    products[4] = figures("P4", on_hand=15, inbound_open=10, reorder_point=20)
    products[6] = figures("P6", on_hand=5, reorder_point=20, average_daily=Decimal("0"))
    assert checks(products)["below_reorder_point"].skus == ["P3"]


def test_negative_stock_is_flagged():
    products = shop()
    products[7] = figures("P7", on_hand=-3)
    assert checks(products)["negative_stock"].skus == ["P7"]
