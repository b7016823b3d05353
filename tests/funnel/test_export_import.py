"""The import of a platform export: preview, all-or-nothing write through the metrics ingest, the mapping kept per
store, and where exports rank under each source policy."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.dates import local_date
from funnel.models import DailyMetric, DailyMetricRevision, ExportMapping
from funnel.services.exports import export_ingest, export_mapping_keep, export_preview
from rollups.models import DayRollup
from stores.choices import SourcePolicy
from stores.models import DirtyRange
from tests.factories import UserFactory
from tests.funnel.import_files import SYCM_HEADER, sycm_csv, unknown_csv

FIRST = date(2026, 11, 1)


def today(store):
    return local_date(store.time_zone, timezone.now())


def preview_of(store, content, name="sycm.csv", **kwargs):
    return export_preview(store, content, name, today=today(store), **kwargs)


@pytest.fixture
def manager(db):
    return UserFactory(username="manager")


def test_a_good_file_is_previewed_then_its_days_land_as_the_platforms_export(own_store, manager):
    preview = preview_of(own_store, sycm_csv(FIRST, 5))
    assert preview.ready and not preview.errors
    assert preview.tool == "sycm" and preview.platform == "tmall"  # 生意参谋 serves Taobao and Tmall: the store's
    assert preview.dates == (FIRST, FIRST + timedelta(days=4))
    assert preview.skipped_lines == [9]  # the totals row
    assert not DailyMetric.objects.exists()

    counts = export_ingest(own_store, preview, user=manager)

    assert counts.as_dict() == {"created": 5, "updated": 0, "unchanged": 0}
    day = DailyMetric.objects.get(store=own_store, date=FIRST + timedelta(days=1))
    assert day.source == "export:tmall" and day.api_client_id is None
    assert (day.uv, day.pv, day.orders, day.paying_buyers) == (1810, 5430, 42, 41)
    assert (day.gmv, day.refund_amount, day.ad_spend) == (Decimal("5389.00"), Decimal("120.00"), Decimal("96.50"))
    assert day.refunds is None  # the file gives money refunded, not a count
    assert DirtyRange.objects.filter(store=own_store, date_from=FIRST, date_to=FIRST + timedelta(days=4)).exists()
    shown = DayRollup.objects.get(store=own_store, date=FIRST + timedelta(days=1))
    assert (shown.source, shown.orders, shown.gmv) == ("export:tmall", 42, Decimal("5389.00"))


def test_the_same_file_twice_changes_nothing_the_second_time(own_store, manager):
    content = sycm_csv(FIRST, 5)
    export_ingest(own_store, preview_of(own_store, content), user=manager)
    stamps = dict(DailyMetric.objects.values_list("date", "updated_at"))
    DirtyRange.objects.all().delete()

    counts = export_ingest(own_store, preview_of(own_store, content), user=manager)

    assert counts.as_dict() == {"created": 0, "updated": 0, "unchanged": 5}
    assert dict(DailyMetric.objects.values_list("date", "updated_at")) == stamps
    assert not DailyMetricRevision.objects.exists() and not DirtyRange.objects.exists()


def test_a_corrected_day_keeps_its_former_figures_as_a_revision_by_the_importer(own_store, manager):
    export_ingest(own_store, preview_of(own_store, sycm_csv(FIRST, 2)), user=manager)
    corrected = sycm_csv(FIRST, 2).replace(b'\n2026-11-02,"1,810"', b'\n2026-11-02,"1,910"')

    counts = export_ingest(own_store, preview_of(own_store, corrected), user=manager)

    assert counts.as_dict() == {"created": 0, "updated": 1, "unchanged": 1}
    revision = DailyMetricRevision.objects.get()
    assert revision.values["uv"] == 1810 and revision.changed_by == manager
    assert DailyMetric.objects.get(date=FIRST + timedelta(days=1)).uv == 1910


def test_a_file_with_one_bad_row_cannot_be_imported_and_says_which_row(own_store, manager):
    preview = preview_of(own_store, sycm_csv(FIRST, 5, bad_line=2))

    assert not preview.ready
    assert [(e.line, "支付子订单数" in e.message) for e in preview.errors] == [(6, True)]
    with pytest.raises(ValueError):
        export_ingest(own_store, preview, user=manager)
    assert not DailyMetric.objects.exists()


def test_a_day_too_far_ahead_for_the_store_is_an_error_on_its_line(own_store):
    ahead = today(own_store) + timedelta(days=2)
    preview = preview_of(own_store, sycm_csv(ahead - timedelta(days=1), 2))
    assert [(e.line, e.column) for e in preview.errors] == [(5, "统计日期")]
    assert "future" in preview.errors[0].message


def test_a_gb18030_file_reads_the_same(own_store):
    utf8, gb = preview_of(own_store, sycm_csv(FIRST, 3)), preview_of(own_store, sycm_csv(FIRST, 3, encoding="gb18030"))
    assert gb.ready and [r.values for r in gb.records] == [r.values for r in utf8.records]


def test_an_unrecognised_file_needs_its_platform_and_the_mapping_is_kept_for_the_store(own_store, other_store, manager):
    content = unknown_csv(FIRST, 3)
    preview = preview_of(own_store, content, "report.csv")
    assert preview.tool is None and preview.platform is None and not preview.ready
    assert preview.mapping["成交订单数"] == "orders"

    mapping = {**preview.mapping, "店铺自定义列": "refunds"}
    export_mapping_keep(own_store, preview.headers, "douyin", mapping, manager)
    again = preview_of(own_store, content, "next.csv")

    assert again.kept_mapping and again.ready and again.platform == "douyin"
    assert [r.values["refunds"] for r in again.records] == [7, 8, 9]
    assert not preview_of(other_store, content, "report.csv").kept_mapping  # kept for that store only
    export_ingest(own_store, again, user=manager)
    assert set(DailyMetric.objects.values_list("source", flat=True)) == {"export:douyin"}
    assert ExportMapping.objects.get().updated_by == manager


@pytest.mark.parametrize(
    ("policy", "counted"),
    [
        (SourcePolicy.API, "client:"),
        (SourcePolicy.SERVICE_LOG, "service_log"),
        (SourcePolicy.EXPORTS, "export:tmall"),
    ],
)
def test_each_source_policy_ranks_the_export_against_api_clients_and_the_log(own_store, pusher, policy, counted):
    now = timezone.now()
    for source, orders in (("export:tmall", 30), (f"client:{pusher[0].pk}", 20), ("service_log", 10)):
        DailyMetric.objects.create(
            store=own_store, date=FIRST, source=source, uv=900, orders=orders, created_at=now, updated_at=now
        )
    own_store.source_policy = policy
    own_store.save()
    assert DayRollup.objects.get(store=own_store, date=FIRST).source.startswith(counted)


@pytest.mark.parametrize(
    ("policy", "sources", "counted"),
    [
        (SourcePolicy.API, ("export:tmall", "service_log"), "export:tmall"),
        (SourcePolicy.SERVICE_LOG, ("export:tmall", "client:1"), "export:tmall"),
        (SourcePolicy.EXPORTS, ("client:1", "service_log"), "client:1"),
    ],
)
def test_the_second_choice_of_each_policy_counts_without_the_first(own_store, policy, sources, counted):
    now = timezone.now()
    for source in sources:
        DailyMetric.objects.create(store=own_store, date=FIRST, source=source, uv=9, orders=1, created_at=now,
                                   updated_at=now)  # fmt: skip
    own_store.source_policy = policy
    own_store.save()
    assert DayRollup.objects.get(store=own_store, date=FIRST).source == counted


def test_the_header_row_is_the_kept_mappings_key(own_store, manager):
    kept = export_mapping_keep(own_store, SYCM_HEADER, "taobao", {"统计日期": "date"}, manager)
    assert len(kept.signature) == 64
    assert export_mapping_keep(own_store, SYCM_HEADER, "tmall", {"统计日期": "date"}, manager).pk == kept.pk


def test_another_platforms_file_is_a_warning_that_names_both(own_store):
    """A 生意参谋 report uploaded to a JD shop is read (the manager may have set the store up wrong) and said."""
    own_store.platform = "jd"
    own_store.save(update_fields=["platform"])
    preview = preview_of(own_store, sycm_csv(FIRST, 3))
    assert preview.ready and preview.platform in ("taobao", "tmall")
    assert any("JD" in p.message and "Taobao" in p.message for p in preview.warnings), preview.warnings
    own_store.platform = "tmall"
    own_store.save(update_fields=["platform"])
    assert not [p for p in preview_of(own_store, sycm_csv(FIRST, 3)).warnings if p.line is None]


def test_a_file_whose_columns_opsplan_does_not_know_is_mapped_once_then_read_with_the_kept_mapping(own_store, manager):
    content = "\r\n".join(
        ["Our own daily figures", "Day,Shoppers,Paid parcels,Takings", "2026-11-01,100,4,400.00", "2026-11-02,90,3,300"]
    ).encode()
    preview = preview_of(own_store, content, "report.csv")
    assert preview.headers == ["Day", "Shoppers", "Paid parcels", "Takings"] and not preview.ready
    assert any("No column is mapped to date" in e.message for e in preview.errors)

    mapping = {"Day": "date", "Shoppers": "uv", "Paid parcels": "orders", "Takings": "gmv"}
    export_mapping_keep(own_store, preview.headers, own_store.platform, mapping, manager)
    again = preview_of(own_store, content, "next.csv")

    assert again.kept_mapping and again.ready, again.errors
    assert [(r.date, r.values["orders"], r.values["gmv"]) for r in again.records] == [
        (date(2026, 11, 1), 4, Decimal("400.00")),
        (date(2026, 11, 2), 3, Decimal("300.00")),
    ]
