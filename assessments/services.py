"""Writes of assessments: set a role's weights, give teamwork scores, compute and finalise a month, the demo.

Every refusal raises :class:`AssessmentInvalid` with a message per field and writes nothing; recomputing a
finalised month without asking for a new version raises :class:`MonthFinalised`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import advisory_lock
from core.errors import ServiceInvalid
from core.months import shift_month
from core.numbers import as_decimal
from staffing.models import Person, StaffRole
from stores.models import Store

from .domain import WEIGHT_FIELDS, weights_errors
from .models import AssessmentPeriod, RoleWeights, Scorecard, TeamworkScore
from .selectors import (
    current_period,
    month_assignments,
    month_figures,
    month_teamwork,
    store_thresholds,
    store_weights,
)
from .snapshot import RoleShare, inputs_json, person_card, weights_json


class AssessmentInvalid(ServiceInvalid):
    """Input breaks a rule; ``errors`` maps a field (or a weight group, or ``__all__``) to its messages."""


class MonthFinalised(Exception):
    """The month's current version is finalised; recomputing needs an explicit new version."""

    def __init__(self, period: AssessmentPeriod) -> None:
        super().__init__(f"{period} is finalised")
        self.period = period


def _check_month(month: date) -> None:
    if month.day != 1:
        raise AssessmentInvalid({"month": [_("Name a month by its first day.")]})


@transaction.atomic
def role_weights_set(store: Store, role: StaffRole, values: Mapping[str, Any], user: Any = None) -> RoleWeights:
    """Save how ``role`` is assessed in ``store``; each group must add up to 100%."""
    values = {name: values.get(name) for name in WEIGHT_FIELDS}
    errors = weights_errors(values)
    if errors:
        raise AssessmentInvalid(errors)
    weights, _created = RoleWeights.objects.update_or_create(
        store=store, role=role, defaults={**values, "updated_by": user if getattr(user, "pk", None) else None}
    )
    return weights


def role_weights_reset(store: Store, role: StaffRole) -> None:
    """Go back to the default weights for ``role`` in ``store``."""
    RoleWeights.objects.filter(store=store, role=role).delete()


@transaction.atomic
def teamwork_score_give(
    store: Store, person: Person, month: date, score: int, comment: str = "", user: Any = None
) -> TeamworkScore:
    """The manager's teamwork score (0–100) for someone working in ``store`` that month; giving it again replaces it."""
    _check_month(month)
    errors: dict[str, list[str]] = {}
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        errors["score"] = [_("Give a whole score from 0 to 100.")]
    if person not in month_assignments(store, month):
        errors["person"] = [_("%(person)s does not work in this store in that month.") % {"person": person}]
    if errors:
        raise AssessmentInvalid(errors)
    given, _created = TeamworkScore.objects.update_or_create(
        person=person,
        store=store,
        month=month,
        defaults={"score": score, "comment": comment.strip(), "given_by": user if getattr(user, "pk", None) else None},
    )
    return given


def _open_period(store: Store, month: date, user: Any, now: datetime, new_version: bool) -> AssessmentPeriod:
    """The version to (re)write: the current draft emptied, or a new one after a finalised version."""
    current = current_period(store, month)
    by = user if getattr(user, "pk", None) else None
    if current is None or current.is_final:
        if current is not None and not new_version:
            raise MonthFinalised(current)
        version = 1 if current is None else current.version + 1
        return AssessmentPeriod.objects.create(
            store=store, month=month, version=version, computed_at=now, computed_by=by
        )
    current.scorecards.all().delete()
    current.computed_at, current.computed_by = now, by
    current.save(update_fields=["computed_at", "computed_by"])
    return current


def _kept(score: Fraction | None) -> Decimal | None:
    """An exact score as the scorecard keeps it: unrounded to the column's 10 places (rounded when shown)."""
    return None if score is None else as_decimal(score)


@transaction.atomic
def month_compute(
    store: Store, month: date, now: datetime, user: Any = None, new_version: bool = False
) -> AssessmentPeriod:
    """Compute every scorecard of ``store`` for ``month`` in a constant number of queries, whatever the headcount.

    A draft is recomputed in place; a finalised month stays as it was and is only recomputed into a new version
    when ``new_version`` is asked for (otherwise :class:`MonthFinalised`)."""
    _check_month(month)
    advisory_lock("assessment-month", store.pk, month)
    period = _open_period(store, month, user, now, new_version)
    figures = month_figures(store, month)
    limits = store_thresholds(store)
    weights = {row.role.code: row.values for row in store_weights(store)}
    teamwork = month_teamwork(store, month)
    cards = []
    for person, assignments in month_assignments(store, month).items():
        roles = [RoleShare(a.role.code, weights[a.role.code], a.share) for a in assignments]
        given = teamwork.get(person.pk)
        score = None if given is None else Decimal(given.score)
        comment = given.comment if given else ""
        built = person_card(figures, roles, score, limits)
        cards.append(
            Scorecard(
                period=period,
                person=person,
                roles=[r.role for r in roles],
                share=built.share,
                total=_kept(built.card.total),
                weights=weights_json(built),
                inputs=inputs_json(figures, built, roles, score, comment, limits),
                missing=built.card.missing,
                computed_at=now,
                **{name: _kept(value) for name, value in built.card.scores.items()},
            )
        )
    Scorecard.objects.bulk_create(cards)
    return period


@transaction.atomic
def month_finalise(store: Store, month: date, now: datetime, user: Any = None) -> AssessmentPeriod:
    """Lock the month's current version: it can no longer be recomputed, only superseded by a new version."""
    _check_month(month)
    advisory_lock("assessment-month", store.pk, month)
    period = current_period(store, month)
    if period is None:
        raise AssessmentInvalid({"month": [_("Compute the month before finalising it.")]})
    if period.is_final:
        raise AssessmentInvalid({"month": [_("This version of the month is already finalised.")]})
    period.finalised_at, period.finalised_by = now, user if getattr(user, "pk", None) else None
    period.save(update_fields=["finalised_at", "finalised_by"])
    return period


def demo_assessments(store: Store, months: int, as_of: date, now: datetime | None = None) -> list[AssessmentPeriod]:
    """The demo's last ``months`` whole months before ``as_of``: teamwork scores for everyone assigned, each month
    computed, all but the latest finalised. Does nothing for a store without people; safe to run again."""
    now = now or timezone.now()
    periods = []
    first = as_of.replace(day=1)
    for back in range(months, 0, -1):
        month = shift_month(first, -back)
        people = month_assignments(store, month)
        if not people:
            continue
        for person in people:
            if not TeamworkScore.objects.filter(person=person, store=store, month=month).exists():
                score = 70 + (person.pk * 7 + month.month * 3) % 26  # a spread of 70–95, the same on every run
                teamwork_score_give(store, person, month, score, _("Works well with the team."))
        current = current_period(store, month)
        if current is not None and current.is_final:
            periods.append(current)
            continue
        period = month_compute(store, month, now)
        if back > 1:
            period = month_finalise(store, month, now)
        periods.append(period)
    return periods
