from datetime import date

import pytest

from tests.factories import ProductFactory, StockMovementFactory

AS_OF = date(2026, 11, 1)


@pytest.fixture
def product(own_store):
    return ProductFactory(store=own_store, code="SH-T001", name="山禾收纳盒 Storage box")


@pytest.fixture
def stocked(product):
    """The product with 100 units received a month before AS_OF."""
    StockMovementFactory(product=product, date=date(2026, 10, 1), quantity=100)
    return product


def sale(product, day, units, source="service_log"):
    return StockMovementFactory(product=product, kind="sale", date=day, quantity=-units, source=source)
