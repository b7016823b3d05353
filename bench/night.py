"""What the nightly benchmarks share (scaling's nightly modes and the fan-out): a fresh night for every run, the
segment table's checksums to compare two ways of rolling up, and the check that each store was rolled up exactly
once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

AIM_MS_PER_STORE = 3.0  # the whole nightly path of a store (rollup and alerts) on one worker process
ALERT_TABLES = ("alerts_alertevent", "alerts_alert", "alerts_alertevaluation")


def night_reset() -> None:
    """Every run starts from the same state: no segments, runs, dirty marks, alerts or evaluations."""
    from django.db import connection

    from bench import rollup

    rollup.truncate_rollups()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(ALERT_TABLES)} RESTART IDENTITY")


def dirty_seed(store_ids: Sequence[int], day: date, every: int = 10) -> list[int]:
    """One store in ``every`` has a changed day ``day`` (older than the night's two days): the night rolls its
    window up too and clears the mark. Returns those stores."""
    from django.utils import timezone

    from stores.models import DirtyRange

    marked = list(store_ids[::every])
    now = timezone.now()
    DirtyRange.objects.bulk_create(DirtyRange(store_id=s, date_from=day, date_to=day, marked_at=now) for s in marked)
    return marked


def segment_checksums(store_ids: Sequence[int] | None = None) -> dict[int, str]:
    """Per store: its segment rows (every column but the id and the time written) counted and hashed in key order.
    Equal checksums: the two ways wrote the same rollup (the day and period rows are views over the segments)."""
    from django.db import connection

    from rollups.models import PeriodSegment

    columns = [f.column for f in PeriodSegment._meta.concrete_fields if f.column not in ("id", "computed_at")]
    where = "" if store_ids is None else "WHERE store_id = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT store_id, count(*), md5(string_agg(ROW({', '.join(columns)})::text, ',' "
            "ORDER BY first_day, week, month, plan_id, stage, past)) "
            f"FROM rollups_periodsegment {where} GROUP BY store_id",
            [list(store_ids)] if store_ids is not None else None,
        )
        return {store_id: f"{n}:{digest}" for store_id, n, digest in cursor.fetchall()}


def differences(label: str, expected: dict[int, str], actual: dict[int, str]) -> list[str]:
    """What differs between two sets of checksums, said in a line (none when they are equal)."""
    if expected == actual:
        return []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(s for s in set(expected) & set(actual) if expected[s] != actual[s])
    return [
        f"{label}: the segments differ: {len(changed)} stores with other rows (e.g. {changed[:5]}), {len(missing)} "
        f"without any (e.g. {missing[:5]}), {len(extra)} not expected (e.g. {extra[:5]})"
    ]


def once_problems(label: str, store_ids: Sequence[int]) -> list[str]:
    """Each store rolled up exactly once: one finished run each that wrote the store's segments, none running or
    failed, no dirty mark left. Run on tables emptied before the night (:func:`night_reset`)."""
    from django.db.models import Count, Sum

    from rollups.models import PeriodSegment, RollupRun
    from stores.models import DirtyRange

    runs = {
        r["store_id"]: (r["n"], r["rows"])
        for r in RollupRun.objects.filter(status=RollupRun.Status.DONE)
        .values("store_id")
        .annotate(n=Count("pk"), rows=Sum("rows"))
        .order_by()
    }
    segments = dict(
        PeriodSegment.objects.values("store_id").annotate(n=Count("pk")).order_by().values_list("store_id", "n")
    )
    problems = []
    never = [s for s in store_ids if s not in runs]
    twice = [s for s in store_ids if runs.get(s, (0, 0))[0] > 1]
    if never or twice:
        problems.append(f"{label}: {len(never)} stores not rolled up (e.g. {never[:5]}), {len(twice)} more than once")
    unfinished = RollupRun.objects.exclude(status=RollupRun.Status.DONE).count()
    if unfinished:
        problems.append(f"{label}: {unfinished} rollup runs not done (running or failed)")
    wrong_rows = [s for s in store_ids if s in runs and runs[s][1] != segments.get(s, 0)]
    if wrong_rows:
        problems.append(f"{label}: {len(wrong_rows)} stores whose run's rows are not their segments: {wrong_rows[:5]}")
    dirty = DirtyRange.objects.filter(store_id__in=list(store_ids)).count()
    if dirty:
        problems.append(f"{label}: {dirty} dirty marks left")
    return problems
