"""The year's calendar preset: the platform events and digital festivals of the playbook, for any year.

Dates chosen (every one is a default the manager moves after adopting):

- **Chinese New Year shopping festival (年货节)**: the 14 days ending 10 days before the first day of the
  lunar year. Couriers stop taking parcels about a week before New Year's Eve, so orders after that day
  arrive after the holiday; the festival must sell before it. The lunar date comes from ``lunardate``
  (tables for 1900–2099).
- **3.14, 5.20, 8.18**: the digital festivals, one day each.
- **Juhuasuan (聚划算)**, twice a year per the playbook: 10–12 April and 10–12 September, between the big
  events so their stock decisions do not fall in the same week as 618's or Double 11's.
- **618**: pre-sale deposits 25–31 May, final payment 1–3 June, live 1–18 June (JD's anniversary sale).
- **Double 11**: pre-sale deposits from 21 October (Tmall opens them in the last ten days of October) to
  10 November, final payment and the live day on 11.11; the pre-sold units ship from 11.11.
- **Double 12**: 10–12 December, live throughout, no pre-sale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from lunardate import LunarDate

from ..choices import PhaseKind, PromotionKind

FIRST_YEAR, LAST_YEAR = 1901, 2099  # lunardate's tables; the festival of 1900 would need 1899's
COURIER_STOP_DAYS = 10
FESTIVAL_DAYS = 14


@dataclass(frozen=True)
class PresetPhase:
    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        return str(PhaseKind(self.kind).label)


@dataclass(frozen=True)
class PresetEvent:
    """One entry of the year's calendar; ``key`` with ``start`` identifies it when a store adopts it."""

    key: str
    kind: str
    name_zh: str
    name_en: str
    start: date
    end: date
    phases: tuple[PresetPhase, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return f"{self.name_zh} {self.name_en} {self.start.year}"


def lunar_new_year(year: int) -> date:
    """The first day of the lunar year that begins in Gregorian ``year`` (春节)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"The calendar preset covers the years {FIRST_YEAR} to {LAST_YEAR}.")
    return LunarDate(year, 1, 1).to_solar_date()


def new_year_festival(year: int) -> tuple[date, date]:
    end = lunar_new_year(year) - timedelta(days=COURIER_STOP_DAYS)
    return end - timedelta(days=FESTIVAL_DAYS - 1), end


def _day(key: str, kind: str, zh: str, en: str, day: date) -> PresetEvent:
    return PresetEvent(key, kind, zh, en, day, day)


def preset_for_year(year: int) -> list[PresetEvent]:
    """The playbook's events of ``year`` in date order; raises ValueError outside 1901–2099."""
    festival_start, festival_end = new_year_festival(year)
    d = lambda month, day: date(year, month, day)  # noqa: E731 - a local shorthand for the table below
    presale, final, live = PhaseKind.PRESALE_DEPOSIT, PhaseKind.FINAL_PAYMENT, PhaseKind.LIVE
    events = [
        PresetEvent(
            "new_year_festival",
            PromotionKind.NEW_YEAR_FESTIVAL,
            "年货节",
            "Chinese New Year shopping festival",
            festival_start,
            festival_end,
        ),
        _day("digital_0314", PromotionKind.DIGITAL_FESTIVAL, "3.14 数字节", "3.14 festival", d(3, 14)),
        PresetEvent("juhuasuan_spring", PromotionKind.JUHUASUAN, "聚划算春", "Juhuasuan spring", d(4, 10), d(4, 12)),
        _day("digital_0520", PromotionKind.DIGITAL_FESTIVAL, "5.20 数字节", "5.20 festival", d(5, 20)),
        PresetEvent(
            "618",
            PromotionKind.MID_YEAR_618,
            "618 年中大促",
            "618 mid-year sale",
            d(5, 25),
            d(6, 18),
            (
                PresetPhase(presale, d(5, 25), d(5, 31)),
                PresetPhase(final, d(6, 1), d(6, 3)),
                PresetPhase(live, d(6, 1), d(6, 18)),
            ),
        ),
        _day("digital_0818", PromotionKind.DIGITAL_FESTIVAL, "8.18 数字节", "8.18 festival", d(8, 18)),
        PresetEvent("juhuasuan_autumn", PromotionKind.JUHUASUAN, "聚划算秋", "Juhuasuan autumn", d(9, 10), d(9, 12)),
        PresetEvent(
            "double_11",
            PromotionKind.DOUBLE_11,
            "双11",
            "Double 11",
            d(10, 21),
            d(11, 11),
            (
                PresetPhase(presale, d(10, 21), d(11, 10)),
                PresetPhase(final, d(11, 11), d(11, 11)),
                PresetPhase(live, d(11, 11), d(11, 11)),
            ),
        ),
        PresetEvent("double_12", PromotionKind.DOUBLE_12, "双12", "Double 12", d(12, 10), d(12, 12)),
    ]
    return sorted(events, key=lambda event: (event.start, event.key))
