"""What the customer-service log tests submit: one day's figures, and a signed-in browser."""

from decimal import Decimal

from django.test import Client

# A day as customer service types it into the log's form (visitors included).
DAY_FIGURES = {
    "uv": "480",
    "orders": "10",
    "gmv": "965.00",
    "refunds": "1",
    "complaints": "0",
    "shipped_24h": "8",
    "shipped_48h": "2",
    "shipped_later": "0",
}
DAY_VALUES = {name: Decimal(value) for name, value in DAY_FIGURES.items()}


def signed_in(user, language: str = "en") -> Client:
    """A browser signed in as ``user`` that asks for pages in ``language``."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client
