"""Pure staffing arithmetic: no ORM, no request, no now()."""

from .workload import (
    HOURS,
    hourly_orders,
    hours_of_window,
    orders_in_window,
    people_for,
    promotion_day_orders,
    required_on_shift,
)

__all__ = [
    "HOURS",
    "hourly_orders",
    "hours_of_window",
    "orders_in_window",
    "people_for",
    "promotion_day_orders",
    "required_on_shift",
]
