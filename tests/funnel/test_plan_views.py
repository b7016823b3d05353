"""Plan pages: who may see and edit, the editor's save, conflict and validation paths, implied figures."""

from __future__ import annotations

import re
from datetime import date

import pytest

from accounts.choices import Role
from funnel.models import Plan
from funnel.services.plans import plan_create_from_template, plan_save
from tests.factories import MembershipFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return StoreFactory(code="shop")


@pytest.fixture
def manager(shop):
    return MembershipFactory(user=UserFactory(username="mgr"), store=shop, role=Role.OPS_MANAGER).user


@pytest.fixture
def plan(shop, manager):
    return plan_create_from_template(
        shop, manager, name="2026", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), as_of=date(2026, 1, 1)
    )


def editor_post(plan, **changes):
    """The editor's form as the browser would post it, with ``changes`` applied."""
    data = {"lock_version": plan.lock_version, "name": plan.name, "scenario": plan.scenario, "notes": ""}
    data.update({f"wd{i}": "1" for i in range(7)})
    data.update({f"m{i}": "1" for i in range(12)})
    for s in plan.stages.order_by("number"):
        p = f"s{s.number}-"
        data.update(
            {
                p + "start_date": s.start_date.isoformat(),
                p + "end_date": s.end_date.isoformat(),
                p + "uv_min": s.uv_min,
                p + "uv_max": s.uv_max,
                p + "orders_min": s.orders_min,
                p + "orders_max": s.orders_max,
                p + "orders_per_day": s.orders_per_day,
                p + "conversion_pct": s.conversion_pct,
                p + "aov": s.aov,
                p + "paid_share_pct": s.paid_share_pct,
                p + "cpc": s.cpc,
                p + "bestseller_count": s.bestseller_count,
                p + "bestseller_sales": s.bestseller_sales,
                p + "listed_items": s.listed_items,
            }
        )
    data.update(changes)
    return data


def url(plan, suffix=""):
    return f"/stores/{plan.store.code}/plans/{plan.pk}/{suffix}"


@pytest.mark.parametrize("role,status", [(Role.OPS_MANAGER, 302), (Role.CUSTOMER_SERVICE, 403), (Role.VIEWER, 403)])
def test_only_the_ops_manager_saves_a_plan(client, plan, role, status):
    user = manager_or(role, plan)
    client.force_login(user)
    response = client.post(url(plan, "edit/"), editor_post(plan, **{"s1-orders_per_day": "2"}))
    assert response.status_code == status


def manager_or(role, plan):
    if role == Role.OPS_MANAGER:
        return plan.created_by
    return MembershipFactory(user=UserFactory(username=f"u-{role}"), store=plan.store, role=role).user


@pytest.mark.parametrize("role", [Role.OPS_MANAGER, Role.CUSTOMER_SERVICE, Role.DESIGNER, Role.VIEWER])
def test_every_member_reads_the_plan_but_only_managers_get_inputs(client, plan, role):
    client.force_login(manager_or(role, plan))
    page = client.get(url(plan)).content.decode()
    assert "stage-table" in page
    assert ('name="s1-orders_per_day"' in page) == (role == Role.OPS_MANAGER)


def test_another_stores_plan_is_not_found(client, plan):
    outsider = MembershipFactory(
        user=UserFactory(username="out"), store=StoreFactory(code="other"), role=Role.OPS_MANAGER
    ).user
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404
    assert client.get(f"/stores/other/plans/{plan.pk}/").status_code == 404


def test_saving_the_editor_updates_targets_and_history(client, plan, manager):
    client.force_login(manager)
    response = client.post(
        url(plan, "edit/"), editor_post(plan, **{"s4-orders_per_day": "35", "s4-conversion_pct": "2.5"})
    )
    assert response.status_code == 302
    stage = plan.stages.get(number=4)
    assert (str(stage.orders_per_day), str(stage.conversion)) == ("35.0", "0.0250")
    page = client.get(url(plan)).content.decode()
    assert "orders_per_day" in page and "35.0" in page


def test_a_second_save_from_the_same_version_gets_the_conflict_and_keeps_its_values(client, plan, manager):
    first = editor_post(plan, **{"s2-orders_per_day": "6"})
    second = editor_post(plan, **{"s2-orders_per_day": "8.5"})
    client.force_login(manager)
    assert client.post(url(plan, "edit/"), first).status_code == 302
    response = client.post(url(plan, "edit/"), second)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="conflict"' in page
    assert 'value="8.5"' in page  # what the second editor typed is still in the form
    assert str(plan.stages.get(number=2).orders_per_day) == "6.0"
    plan.refresh_from_db()
    assert f'name="lock_version" value="{plan.lock_version}"' in page


def test_invalid_stages_are_explained_and_nothing_is_saved(client, plan, manager):
    client.force_login(manager)
    response = client.post(url(plan, "edit/"), editor_post(plan, **{"s3-start_date": "2026-01-03"}))
    assert response.status_code == 400
    assert "no overlap allowed" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).lock_version == plan.lock_version


def test_a_negative_target_is_refused_with_the_field_marked(client, plan, manager):
    client.force_login(manager)
    response = client.post(url(plan, "edit/"), editor_post(plan, **{"s1-aov": "-5"}))
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()


def test_the_implied_figures_follow_the_typed_targets(client, plan, manager):
    client.force_login(manager)
    response = client.post(
        url(plan, "stages/4/implied/"),
        {
            "s4-orders_per_day": "200",
            "s4-conversion_pct": "2",
            "s4-aov": "150",
            "s4-paid_share_pct": "0",
            "s4-cpc": "0",
        },
    )
    assert "10,000" in response.content.decode() or "10000" in response.content.decode()


def test_implied_figures_of_nonsense_input_say_what_is_missing(client, plan, manager):
    client.force_login(manager)
    response = client.post(url(plan, "stages/4/implied/"), {"s4-orders_per_day": "x", "s4-conversion_pct": "0"})
    assert response.status_code == 200
    assert "Enter orders, conversion and AOV" in response.content.decode()


def test_create_copy_activate_and_compare_in_the_browser_flow(client, shop, manager):
    client.force_login(manager)
    response = client.post(
        f"/stores/{shop.code}/plans/new/",
        {"name": "2027 plan", "scenario": "baseline", "period_start": "2027-01-01", "period_end": "2027-12-31"},
    )
    plan = Plan.objects.get(name="2027 plan")
    assert response.status_code == 302 and response["Location"] == url(plan)
    assert client.post(url(plan, "copy/"), {"scenario": "stretch"}).status_code == 302
    stretch = Plan.objects.get(scenario="stretch")
    plan_save(stretch.pk, manager, lock_version=stretch.lock_version, stage_values={5: {"orders_per_day": 90}})
    client.post(url(stretch, "activate/"))
    assert Plan.objects.get(pk=stretch.pk).status == "active"
    page = client.get(f"/stores/{shop.code}/plans/compare/", {"a": plan.pk, "b": stretch.pk}).content.decode()
    assert "compare-months" in page and "90.0" in page
    # Stage 5 per day: 90 orders in B against the template's 60 in A, written with the difference and its share.
    assert stage_cells(page, 5)[:4] == ["60.0", "90.0", "+30.0", "+50.0%"]
    assert "0000000" not in page  # no raw float anywhere (¥4827.90000000000 once)


def stage_cells(page: str, number: int) -> list[str]:
    """The figures of one stage's row of the comparison: orders/day A, B, B − A, %, then UV …"""
    table = page[page.index('data-testid="compare-stages"') :]
    row = table[table.index(f'<th scope="row">{number}</th>') :].split("</tr>", 1)[0]
    return re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)


def test_the_plans_index_lists_only_own_stores(client, plan, manager):
    StoreFactory(code="hidden", name="Hidden Shop")
    client.force_login(manager)
    page = client.get("/plans/").content.decode()
    assert plan.store.name in page and "Hidden Shop" not in page


def test_the_plan_page_needs_a_bounded_number_of_queries(client, plan, manager, django_assert_max_num_queries):
    client.force_login(manager)
    with django_assert_max_num_queries(30):
        assert client.get(url(plan)).status_code == 200
