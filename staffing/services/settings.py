"""Writes of a store's capacity norms and staffing policy."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from promotions.choices import PromotionKind
from stores.models import Store

from ..domain import HOURS
from ..models import CapacityNorm, StaffingPolicy, StaffRole
from .common import StaffingInvalid, decimal_or_none

POLICY_FIELDS = (
    "service_start",
    "service_end",
    "hourly_profile",
    "workday_hours",
    "max_days_in_row",
    "promotion_multipliers",
    "default_promotion_multiplier",
)
# The playbook's starting team (seeds 003/004, with the other seed's logistics and finance): docs/staffing.md.


def norms_save(store: Store, values: Mapping[str, Any]) -> None:
    """Set the store's norms by role code; an empty value returns the role to the catalogue's default."""
    roles = {r.code: r for r in StaffRole.objects.all()}
    errors: dict[str, list[str]] = {}
    clean: dict[str, Decimal | None] = {}
    for code, raw in values.items():
        role = roles.get(code)
        if role is None:
            errors[code] = [_("No such role.")]
        elif raw in (None, ""):
            clean[code] = None
        elif role.norm_unit == "fixed":
            errors[code] = [_("This role has a fixed headcount and no capacity norm.")]
        else:
            number = decimal_or_none(raw)
            if number is None or number <= 0 or number >= Decimal("1e8"):
                errors[code] = [_("Enter a positive number.")]
            else:
                clean[code] = number.quantize(Decimal("0.01"))
    if errors:
        raise StaffingInvalid(errors)
    with transaction.atomic():
        CapacityNorm.objects.filter(store=store, role__code__in=[c for c, v in clean.items() if v is None]).delete()
        CapacityNorm.objects.bulk_create(
            [CapacityNorm(store=store, role=roles[c], value=v) for c, v in sorted(clean.items()) if v is not None],
            update_conflicts=True,
            unique_fields=["store", "role"],
            update_fields=["value"],
        )


def _check_policy(values: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    profile = values.get("hourly_profile")
    if profile is not None and (
        not isinstance(profile, list)
        or len(profile) != HOURS
        or not all(isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in profile)
    ):
        errors["hourly_profile"] = [_("Give 24 numbers of zero or more, one per hour from 0:00.")]
    multipliers = values.get("promotion_multipliers")
    if multipliers is not None:
        if not isinstance(multipliers, dict):
            errors["promotion_multipliers"] = [_("Give a multiplier per promotion kind.")]
        else:
            for kind, value in multipliers.items():
                number = decimal_or_none(value)
                if kind not in PromotionKind.values:
                    errors.setdefault("promotion_multipliers", []).append(
                        _("“%(kind)s” is not a promotion kind.") % {"kind": kind}
                    )
                elif number is None or number < 1 or number > 100:
                    errors.setdefault("promotion_multipliers", []).append(
                        _("The multiplier of %(kind)s must be between 1 and 100.") % {"kind": PromotionKind(kind).label}
                    )
    return errors


def policy_save(store: Store, values: Mapping[str, Any]) -> StaffingPolicy:
    """Save the store's staffing policy (created with the defaults the first time)."""
    errors = _check_policy(values)
    if errors:
        raise StaffingInvalid(errors)
    data = {k: v for k, v in values.items() if k in POLICY_FIELDS}
    if "promotion_multipliers" in data:
        data["promotion_multipliers"] = {k: str(decimal_or_none(v)) for k, v in data["promotion_multipliers"].items()}
    with transaction.atomic():
        policy, _created = StaffingPolicy.objects.select_for_update().get_or_create(store=store)
        for name, value in data.items():
            setattr(policy, name, value)
        try:
            policy.full_clean()
        except ValidationError as exc:
            raise StaffingInvalid(exc.message_dict) from exc
        policy.save()
    return policy
