"""The demo company: believable, one login per role, and loading it twice changes nothing."""

from __future__ import annotations

import io
import statistics
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accounts.choices import Role
from demo.data import DEMO_PASSWORD
from funnel.models import DailyMetric, DailyMetricRevision
from rollups.models import DailyActual
from stores.models import Membership

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 22)


@pytest.fixture
def loaded(time_machine):
    time_machine.move_to("2026-11-22 09:00 +0800")
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_prints_one_working_login_per_role(loaded):
    usernames = [line.split()[0] for line in loaded.splitlines()[1:]]
    for role in Role.values:
        assert Membership.objects.filter(role=role, user__username__in=usernames).exists(), role
    for username in usernames:
        # Login throttling wants the request it counts failures against.
        assert authenticate(RequestFactory().post("/accounts/login/"), username=username, password=DEMO_PASSWORD)
    assert DEMO_PASSWORD in loaded


def test_the_logins_name_each_role_by_its_label_in_the_sites_language(loaded):
    # LANGUAGE_CODE is zh-hans: 运营主管 @ tmall-flagship, not ops_manager @ tmall-flagship.
    assert "运营主管 @ tmall-flagship" in loaded
    assert "超级用户" in loaded
    for role in Role.values:
        assert f"{role} @" not in loaded, role


def test_three_stores_on_three_platforms_with_history_since_launch(loaded):
    per_store = {m["store__platform"] for m in DailyMetric.objects.values("store__platform")}
    assert per_store == {"tmall", "jd", "douyin"}
    flagship = DailyActual.objects.filter(store__code="tmall-flagship")
    assert flagship.count() >= 365
    assert flagship.order_by("date").first().date == date(2024, 9, 1)  # its launch
    assert flagship.order_by("-date").first().date == date(2026, 11, 21)
    assert DailyActual.objects.filter(store__code="douyin-shop").count() < 60  # launched in October


def test_double_11_stands_out(loaded):
    flagship = DailyActual.objects.filter(store__code="tmall-flagship")
    october = statistics.median(flagship.filter(date__month=10, date__year=2026).values_list("orders", flat=True))
    double_11 = flagship.get(date=date(2026, 11, 11)).orders
    assert double_11 > 3 * october


def test_loading_twice_changes_nothing(loaded):
    before = (DailyMetric.objects.count(), Membership.objects.count(), DailyActual.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (DailyMetric.objects.count(), Membership.objects.count(), DailyActual.objects.count()) == before
    assert not DailyMetricRevision.objects.exists()


def test_every_store_has_this_and_next_years_promotion_calendar(loaded):
    from promotions.models import Promotion

    for code in ("tmall-flagship", "jd-shop", "douyin-shop"):
        keys = set(Promotion.objects.filter(store__code=code).values_list("preset_key", flat=True))
        assert {"double_11:2026", "double_11:2027", "new_year_festival:2027"} <= keys, code
    before = Promotion.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Promotion.objects.count() == before


def test_double_11_and_12_get_the_stores_products_when_it_has_some(time_machine):
    from decimal import Decimal

    from inventory.models import Product
    from promotions.models import PromotionItem
    from stores.models import Store

    time_machine.move_to("2026-11-22 09:00 +0800")
    store = Store.objects.create(code="tmall-flagship", name="demo", platform="tmall")
    Product.objects.create(
        store=store, code="DEMO-1", name="p", list_price=Decimal("100"), cost=Decimal("40"), is_main_push=True
    )
    call_command("seed_demo", stdout=io.StringIO())
    items = PromotionItem.objects.filter(promotion__store=store)
    assert {(i.promotion.kind, i.promotion.start_date.year) for i in items} == {
        ("double_12", 2026),
        ("double_11", 2027),
        ("double_12", 2027),
    }
    before = list(items.values_list("pk", "promo_price", "promotion__version"))
    call_command("seed_demo", stdout=io.StringIO())
    assert list(items.values_list("pk", "promo_price", "promotion__version")) == before


def test_the_rota_is_planned_for_this_month_and_the_next_with_the_shared_person_working_her_share(loaded):
    from rotas.models import Shift
    from rotas.selectors import coverage_report
    from staffing.models import StaffRole
    from stores.models import Store

    days = set(Shift.objects.filter(pattern__role__code="customer_service").values_list("date", flat=True))
    assert AS_OF in days and date(2026, 12, 31) in days
    assert not any(day < date(2026, 11, 1) or day > date(2026, 12, 31) for day in days)
    # 李娜 is half the flagship's and half the JD shop's: she works up to her 20 hours a week at the flagship too.
    flagship = Shift.objects.filter(person__name="李娜", store__code="tmall-flagship", date__month=12)
    weeks: dict = {}
    for shift in flagship:
        week = shift.date.isocalendar()[:2]
        weeks[week] = weeks.get(week, 0) + (shift.end_at - shift.start_at).total_seconds() / 3600
    assert len(weeks) >= 4 and all(hours <= 20 for hours in weeks.values())
    report = coverage_report(
        Store.objects.get(code="tmall-flagship"),
        StaffRole.objects.get(code="customer_service"),
        date(2026, 12, 1),
        date(2026, 12, 31),
    )
    assert all(row.gap.reason for row in report.gaps)
