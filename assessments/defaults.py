"""The default weights per role (department), used by a store until its ops manager sets its own.

Seed 001 asks for each department to carry the three dimensions, and the figures inside them, in different
proportions ("市场部和物流部承担回头率的比重是不一样的"); docs/assessments.md explains each row.
Every group adds up to 100.
"""

from __future__ import annotations

from typing import Final

# role code -> field -> percent; fields are those of assessments.models.RoleWeights.
DEFAULT_WEIGHTS: Final[dict[str, dict[str, int]]] = {
    # Owns the plan: mostly results, across every figure; the three ratings equally.
    "ops_manager": {
        "results": 60, "satisfaction": 20, "teamwork": 20,
        "gmv": 40, "uv": 15, "conversion": 15, "aov": 15, "repeat_rate": 15,
        "rating_description": 25, "rating_service": 25, "rating_shipping": 25, "positive_rate": 25,
    },
    # Talks to every buyer: satisfaction first (service attitude above all), then the sales they close.
    "customer_service": {
        "results": 30, "satisfaction": 50, "teamwork": 20,
        "gmv": 20, "uv": 0, "conversion": 40, "aov": 20, "repeat_rate": 20,
        "rating_description": 10, "rating_service": 50, "rating_shipping": 10, "positive_rate": 30,
    },
    # Photos and detail pages convert visitors and decide whether the item looks as described.
    "designer": {
        "results": 40, "satisfaction": 30, "teamwork": 30,
        "gmv": 20, "uv": 10, "conversion": 50, "aov": 20, "repeat_rate": 0,
        "rating_description": 70, "rating_service": 0, "rating_shipping": 0, "positive_rate": 30,
    },
    # Paid traffic: results-heavy, mostly visitors and the sales they bring.
    "promoter": {
        "results": 70, "satisfaction": 10, "teamwork": 20,
        "gmv": 35, "uv": 40, "conversion": 15, "aov": 10, "repeat_rate": 0,
        "rating_description": 50, "rating_service": 0, "rating_shipping": 0, "positive_rate": 50,
    },
    # Packing and shipping: the shipping-speed rating, and repeat buyers who got their parcel fast and whole.
    "logistics": {
        "results": 30, "satisfaction": 50, "teamwork": 20,
        "gmv": 30, "uv": 0, "conversion": 0, "aov": 0, "repeat_rate": 70,
        "rating_description": 10, "rating_service": 0, "rating_shipping": 70, "positive_rate": 20,
    },
    # Books payments and courier fees: sales, little contact with buyers, much with colleagues.
    "finance": {
        "results": 50, "satisfaction": 10, "teamwork": 40,
        "gmv": 70, "uv": 0, "conversion": 0, "aov": 30, "repeat_rate": 0,
        "rating_description": 0, "rating_service": 0, "rating_shipping": 0, "positive_rate": 100,
    },
    # Titles bring search traffic, descriptions convert it and must match the item.
    "editor": {
        "results": 40, "satisfaction": 30, "teamwork": 30,
        "gmv": 20, "uv": 40, "conversion": 40, "aov": 0, "repeat_rate": 0,
        "rating_description": 80, "rating_service": 0, "rating_shipping": 0, "positive_rate": 20,
    },
}  # fmt: skip
