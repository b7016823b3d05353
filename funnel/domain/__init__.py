"""Pure funnel calculations: no ORM, no request, no clock."""
