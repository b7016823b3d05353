"""The morning briefing as data: each store's yesterday and month to date against plan, the pace to month-end,
the stage advice and today's to-do. The landing page, the e-mail and the group-robot messages all render these
classes (``dashboards.selectors.briefing`` builds them); their names and fields are kept stable for that.

Pure: no ORM, no request, no now(). Figures are exact values from the rollups (Decimal, int or None for
"nothing known"); whoever shows them formats them through ``core.numbers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from alerts.choices import Severity
from funnel.formulas import ATTAINMENT

# Below this share of target a figure is "behind" (red); from it to 1 "close" (amber); from 1 "on target" (green).
# The portfolio marks the pace with the same thresholds.
BEHIND_BELOW = Decimal("0.9")
ON_TARGET_FROM = Decimal("1")


class Tone(StrEnum):
    """How a share of target reads: the colour a page gives it and the order the stores come in."""

    BEHIND = "behind"
    CLOSE = "close"
    ON_TARGET = "on_target"
    UNKNOWN = "unknown"  # no target or no actual


def tone(share: Decimal | None) -> Tone:
    """The tone of a share of target (attainment or pace)."""
    if share is None:
        return Tone.UNKNOWN
    if share < BEHIND_BELOW:
        return Tone.BEHIND
    if share < ON_TARGET_FROM:
        return Tone.CLOSE
    return Tone.ON_TARGET


class TodoKind(StrEnum):
    """What a to-do item asks of the team today."""

    ALERT = "alert"  # an open critical alert
    STOCK_DECISION = "stock_decision"  # a promotion's stock decision is due or overdue
    FACTORY_ORDER_BY = "factory_order_by"  # a promotion's factory order must be placed
    FACTORY_ORDER_DUE = "factory_order_due"  # an open factory order is expected today or is late
    OUT_OF_STOCK = "out_of_stock"  # a listed product has no stock
    UNDERSTAFFED = "understaffed"  # a day of the next week the roster cannot cover


@dataclass(frozen=True)
class TodoItem:
    """One thing to act on today, with the page to act on it.

    ``title`` is in the language active when the briefing was built; ``kind``, ``due`` and ``data`` carry the
    facts for a renderer that words them itself. ``url_name`` and ``url_kwargs`` name the page; ``url`` is
    its path when the briefing's reader may open it, else "" (and a renderer shows no link)."""

    kind: TodoKind
    severity: str  # alerts.choices.Severity: critical, warning or info
    title: str
    due: date | None
    url_name: str
    url_kwargs: dict[str, str | int]
    url: str = ""
    data: dict[str, str | int | None] = field(default_factory=dict)

    @property
    def severity_label(self) -> str:
        return str(Severity(self.severity).label) if self.severity in Severity.values else self.severity


@dataclass(frozen=True)
class DayFigures:
    """A store's yesterday against the day's spread target, as the store dashboard's day row reads it."""

    date: date
    uv: int | None
    orders: int | None
    gmv: Decimal | None
    target_uv: int | None
    target_orders: int | None
    target_gmv: Decimal | None
    conversion: Decimal | None
    target_conversion: Decimal | None
    aov: Decimal | None
    target_aov: Decimal | None
    orders_attainment: Decimal | None
    gmv_attainment: Decimal | None

    @property
    def tone(self) -> Tone:
        return tone(self.gmv_attainment)

    @property
    def conversion_tone(self) -> Tone:
        return tone(ATTAINMENT(actual=self.conversion, target=self.target_conversion))


@dataclass(frozen=True)
class MonthFigures:
    """The month holding a store's yesterday: actuals to date against the targets to date, and the pace (the
    run-rate projection to month-end against the whole month's target), as the month rollup reads them."""

    start: date
    end: date
    as_of: date
    days: int
    days_elapsed: int
    orders: int | None
    target_orders: int | None
    orders_attainment: Decimal | None
    gmv: Decimal | None
    target_gmv: Decimal | None
    gmv_attainment: Decimal | None
    period_target_gmv: Decimal | None
    projected_gmv: Decimal | None
    pace_gmv: Decimal | None
    period_target_orders: int | None
    projected_orders: Decimal | None
    pace_orders: Decimal | None

    @property
    def tone(self) -> Tone:
        return tone(self.gmv_attainment)

    @property
    def pace_tone(self) -> Tone:
        return tone(self.pace_gmv)

    @property
    def gmv_to_go(self) -> Decimal | None:
        """What the rest of the month must still sell to meet the month's GMV target (0 once met)."""
        if self.period_target_gmv is None:
            return None
        return max(self.period_target_gmv - (self.gmv or 0), Decimal(0))


@dataclass(frozen=True)
class StageAdvice:
    """The active plan's current stage and what the stage advice (``funnel.domain.advice``) recommends."""

    plan_id: int | None
    stage: int | None
    stage_name: str
    recommendation: str  # funnel.choices.Recommendation
    recommendation_label: str
    reasons: tuple[str, ...]  # the reasons as sentences, in the language active when built


@dataclass(frozen=True)
class StoreBriefing:
    """One store's morning: how yesterday and the month went against plan, where the month is heading, what the
    stage advice says and what to do today. ``today`` is the store's date the briefing is for."""

    store_id: int
    code: str
    name: str
    platform: str
    platform_label: str
    today: date
    yesterday: date
    day: DayFigures | None  # None: no rollup for yesterday (no plan and no figures)
    month: MonthFigures | None  # None: no month rollup yet
    advice: StageAdvice
    todo: tuple[TodoItem, ...]
    dashboard_url: str = ""  # "" when the reader may not open it
    days_url: str = ""  # yesterday's days behind the figures

    @property
    def standing(self) -> Decimal | None:
        """The worst of yesterday's GMV attainment, the month's and the pace: how far behind the store is."""
        shares = [s for s in self._shares() if s is not None]
        return min(shares) if shares else None

    def _shares(self) -> tuple[Decimal | None, ...]:
        day = self.day.gmv_attainment if self.day else None
        month = (self.month.gmv_attainment, self.month.pace_gmv) if self.month else (None, None)
        return (day, *month)

    @property
    def tone(self) -> Tone:
        return tone(self.standing)

    @property
    def critical_count(self) -> int:
        return sum(1 for item in self.todo if item.severity == "critical")


def worst_first(stores: list[StoreBriefing]) -> list[StoreBriefing]:
    """Stores furthest below target first; stores with nothing to measure last; then by name and code."""
    return sorted(
        stores,
        key=lambda s: (s.standing is None, s.standing if s.standing is not None else 0, s.name, s.code),
    )


@dataclass(frozen=True)
class Briefing:
    """A reader's morning briefing: their stores, worst first."""

    user_id: int | None
    day: date | None  # the date asked for; None: each store's own today in its time zone
    stores: tuple[StoreBriefing, ...]

    @property
    def todo_count(self) -> int:
        return sum(len(s.todo) for s in self.stores)

    @property
    def behind(self) -> tuple[StoreBriefing, ...]:
        return tuple(s for s in self.stores if s.tone == Tone.BEHIND)
