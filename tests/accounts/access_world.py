"""Two stores full of real objects, and the registry that turns them into the kwargs of every URL that needs more
than ``store``: the generated access matrix (test_access_matrix.py) requests each route with them.

A route whose path has a kwarg other than ``store`` must have an entry in :data:`PAGE_KWARGS` (pages) or
:data:`API_REQUESTS` (the REST API); the matrix fails for a route that has none, so a new page cannot slip past it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.choices import Role
from alerts.models import Alert
from briefings.models import BriefingDelivery
from briefings.services import briefing_settings_save
from dashboards.views import TASKS_KEY
from funnel.choices import client_source
from funnel.models import DailyMetric
from funnel.services.plans import plan_create_from_template
from imports.choices import ImportKind, ImportStatus
from imports.models import ImportJob
from promotions.feeds import feed_key_rotate
from promotions.models import Promotion
from promotions.services import item_save, phase_set
from rollups.services import store_rollup_build
from staffing.models import Assignment, Person, StaffRole, TimeOff
from stores.days import store_yesterday
from stores.members import member_invite
from stores.models import Store
from tests.factories import (
    FactoryOrderFactory,
    MembershipFactory,
    ProductFactory,
    StockMovementFactory,
    StoreFactory,
    UserFactory,
    api_client_with_key,
)
from tests.funnel.import_files import sycm_csv
from tests.rotas.factories import rota_objects


@dataclass
class StoreWorld:
    """One store and one object of each kind the URLs name."""

    store: Store
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def build_store(code: str, name: str, platform: str) -> StoreWorld:
    store = StoreFactory(code=code, name=name, platform=platform)
    manager = MembershipFactory(
        user=UserFactory(username=f"{code}-builder", password="!"), store=store, role=Role.OPS_MANAGER
    ).user
    today = timezone.localdate()
    yesterday = store_yesterday(store)
    plan = plan_create_from_template(
        store,
        manager,
        name=f"{name} plan",
        period_start=today - timedelta(days=30),
        period_end=today + timedelta(days=150),
        as_of=today,
    )
    product = ProductFactory(store=store, code=f"{code.upper()}-SKU")
    movement = StockMovementFactory(product=product, date=yesterday)
    StockMovementFactory(product=product, kind="sale", quantity=-3, date=yesterday, source="service_log")
    promotion = Promotion.objects.create(
        store=store,
        kind="custom",
        name=f"{name} promotion",
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=1),
    )
    item = item_save(promotion, product, Decimal("49.00")).item
    phase = phase_set(promotion, "live", promotion.start_date, promotion.end_date)
    client, key = api_client_with_key(f"{code}-erp", store)
    now = timezone.now()
    DailyMetric.objects.create(
        store=store,
        date=yesterday,
        source=client_source(client.pk),
        api_client=client,
        orders=7,
        uv=300,
        gmv=Decimal("700.00"),
        created_at=now,
        updated_at=now,
    )
    store_rollup_build(store, yesterday - timedelta(days=2), yesterday)
    person = Person.objects.create(name=f"{code} 员工", start_date=today - timedelta(days=100))
    assignment = Assignment.objects.create(
        person=person, store=store, role=StaffRole.objects.get(code="customer_service"), share=Decimal("0.5")
    )
    time_off = TimeOff.objects.create(person=person, start_date=today, end_date=today + timedelta(days=1))
    # The briefing page shows its test button (an e-mail recipient) and a failed delivery to send again.
    briefing_settings_save(store, extra_emails=[f"team@{code}.example.com"])
    briefing_delivery = BriefingDelivery.objects.create(
        store=store, channel="email", day=yesterday, status="failed", attempts=5, last_error="SMTPServerDisconnected"
    )
    invited = member_invite(
        manager, store, username=f"{code}-invited", name=f"{code} 新人", email="", role=Role.CUSTOMER_SERVICE
    )
    return StoreWorld(
        store,
        {
            "manager": manager,
            "plan": plan,
            "stage": plan.stages.order_by("number").first(),
            "milestone": plan.milestones.order_by("pk").first(),
            "product": product,
            "movement": movement,
            "factory_order": FactoryOrderFactory(product=product),
            "promotion": promotion,
            "item": item,
            "phase": phase,
            "alert": Alert.objects.create(
                store=store, kind="behind_plan", key=f"{code}-a", title=f"{name} alert", first_seen=now, last_seen=now
            ),
            "orders_job": ImportJob.objects.create(store=store, file_name="days.csv", content=b""),
            "products_job": ImportJob.objects.create(
                store=store, kind=ImportKind.PRODUCTS, file_name="products.csv", content=b""
            ),
            "export_job": ImportJob.objects.create(
                store=store,
                kind=ImportKind.PLATFORM_EXPORT,
                status=ImportStatus.PREVIEW,
                file_name="sycm.csv",
                content=sycm_csv(yesterday - timedelta(days=6), 5),
            ),
            "api_client": client,
            "api_key": key,
            "feed_key": feed_key_rotate(manager),
            "person": person,
            "assignment": assignment,
            "time_off": time_off,
            "briefing_delivery": briefing_delivery,
            "member": invited.membership,
            "join_token": invited.token,
        },
    )


def build_world() -> tuple[StoreWorld, StoreWorld]:
    """The own store (where the principals under test hold their role) and the other store (where they hold none)."""
    return (
        build_store("own-store", "自家店 Own Store", "tmall"),
        build_store("other-store", "别家店 Other Store", "jd"),
    )


def _recompute_task(world: StoreWorld, client: Client) -> dict[str, Any]:
    """A recompute task the signed-in session started for this store (only that session may read its progress)."""
    task_id = str(uuid.uuid5(uuid.NAMESPACE_URL, world.store.code))
    session = client.session
    tasks = session.get(TASKS_KEY, {})
    tasks[world.store.code] = [task_id]
    session[TASKS_KEY] = tasks
    session.save()
    return {"task_id": task_id}


def _assessed_person(world: StoreWorld) -> Any:
    """Someone working in the store, whose scorecards the assessment pages show (made on first use)."""
    from staffing.models import Assignment, Person, StaffRole

    person, created = Person.objects.get_or_create(name=f"{world.store.code} staff", start_date=date(2025, 1, 1))
    if created:
        role = StaffRole.objects.get(code="customer_service")
        Assignment.objects.create(person=person, store=world.store, role=role)
    return person


# URL name -> kwargs besides ``store``, built from the objects of the store being requested (and the client that
# requests, for kwargs that live in its session). Every page route with such kwargs needs an entry.
PAGE_KWARGS = {
    "orders:import_job": lambda w, c: {"pk": w.orders_job.pk},
    "alerts:alert_detail": lambda w, c: {"pk": w.alert.pk},
    "alerts:alert_acknowledge": lambda w, c: {"pk": w.alert.pk},
    "alerts:alert_resolve": lambda w, c: {"pk": w.alert.pk},
    "dashboards:recompute_progress": _recompute_task,
    "inventory:product_template": lambda w, c: {"fmt": "csv"},
    "inventory:import_job": lambda w, c: {"pk": w.products_job.pk},
    "orders:platform_export": lambda w, c: {"pk": w.export_job.pk},
    "inventory:product_detail": lambda w, c: {"sku": w.product.code},
    "inventory:product_edit": lambda w, c: {"sku": w.product.code},
    "inventory:movement_create": lambda w, c: {"sku": w.product.code},
    "inventory:stock_count": lambda w, c: {"sku": w.product.code},
    "inventory:factory_order_receive": lambda w, c: {"pk": w.factory_order.pk},
    "inventory:factory_order_cancel": lambda w, c: {"pk": w.factory_order.pk},
    "promotions:store_feed": lambda w, c: {"key": w.feed_key, "code": w.store.code},
    "promotions:export": lambda w, c: {"fmt": "csv"},
    "promotions:promotion_detail": lambda w, c: {"pk": w.promotion.pk},
    "promotions:promotion_edit": lambda w, c: {"pk": w.promotion.pk},
    "promotions:promotion_delete": lambda w, c: {"pk": w.promotion.pk},
    "promotions:promotion_status": lambda w, c: {"pk": w.promotion.pk},
    "promotions:item_add": lambda w, c: {"pk": w.promotion.pk},
    "promotions:item_delete": lambda w, c: {"pk": w.promotion.pk, "item_pk": w.item.pk},
    "promotions:phase_save": lambda w, c: {"pk": w.promotion.pk},
    "promotions:phase_delete": lambda w, c: {"pk": w.promotion.pk, "phase_pk": w.phase.pk},
    "staffing:person_detail": lambda w, c: {"pk": w.person.pk},
    "staffing:person_edit": lambda w, c: {"pk": w.person.pk},
    "staffing:time_off_new": lambda w, c: {"pk": w.person.pk},
    "staffing:time_off_delete": lambda w, c: {"pk": w.person.pk, "time_off_pk": w.time_off.pk},
    "team:member_role": lambda w, c: {"pk": w.member.pk},
    "team:member_remove": lambda w, c: {"pk": w.member.pk},
    "team:invite_reissue": lambda w, c: {"pk": w.member.pk},
    "team:join": lambda w, c: {"token": w.join_token},
    "funnel:plan_detail": lambda w, c: {"pk": w.plan.pk},
    "funnel:plan_edit": lambda w, c: {"pk": w.plan.pk},
    "funnel:plan_implied": lambda w, c: {"pk": w.plan.pk, "number": w.stage.number},
    "funnel:plan_copy": lambda w, c: {"pk": w.plan.pk},
    "funnel:plan_activate": lambda w, c: {"pk": w.plan.pk},
    "funnel:plan_archive": lambda w, c: {"pk": w.plan.pk},
    "funnel:milestone_create": lambda w, c: {"pk": w.plan.pk},
    "funnel:milestone_delete": lambda w, c: {"pk": w.plan.pk, "milestone": w.milestone.pk},
    "assessments:person_detail": lambda w, c: {"person": _assessed_person(w).pk},
    "assessments:export": lambda w, c: {"fmt": "csv"},
    "rotas:rota_calendar": lambda w, c: {"role": "customer_service"},
    "rotas:generate": lambda w, c: {"role": "customer_service"},
    "rotas:patterns": lambda w, c: {"role": "customer_service"},
    "rotas:pattern_delete": lambda w, c: {"role": "customer_service", "pk": rota_objects(w.store)[0].pk},
    "rotas:shift_new": lambda w, c: {"role": "customer_service"},
    "rotas:shift_edit": lambda w, c: {"pk": rota_objects(w.store)[1].pk},
    "rotas:shift_delete": lambda w, c: {"pk": rota_objects(w.store)[1].pk},
}

# URL name -> (path kwargs, query) of an API request about the given store. Detail routes name an object of it;
# endpoints that read one store take it in the query. Every API route with path kwargs or a required query needs
# an entry; list endpoints without one are read unfiltered.
API_REQUESTS = {
    "store-detail": lambda w: ({"code": w.store.code}, {}),
    "store-stage-status": lambda w: ({"code": w.store.code}, {}),
    "plan-detail": lambda w: ({"pk": w.plan.pk}, {}),
    "plan-activate": lambda w: ({"pk": w.plan.pk}, {}),
    "plan-archive": lambda w: ({"pk": w.plan.pk}, {}),
    "plan-copy": lambda w: ({"pk": w.plan.pk}, {}),
    "stage-plan-detail": lambda w: ({"pk": w.stage.pk}, {}),
    "milestone-detail": lambda w: ({"pk": w.milestone.pk}, {}),
    "alert-detail": lambda w: ({"pk": w.alert.pk}, {}),
    "alert-acknowledge": lambda w: ({"pk": w.alert.pk}, {}),
    "alert-resolve": lambda w: ({"pk": w.alert.pk}, {}),
    "day-rollup-detail": lambda w: ({"pk": w.store.day_rollups.order_by("pk").first().pk}, {}),
    "period-rollup-detail": lambda w: ({"pk": w.store.period_rollups.order_by("pk").first().pk}, {}),
    "inventory-planning": lambda w: ({}, {"store": w.store.code}),
    "inventory-projection": lambda w: ({"sku": w.product.code}, {"store": w.store.code}),
    "inventory-health": lambda w: ({}, {"store": w.store.code}),
    "inventory-product-detail": lambda w: ({"pk": w.product.pk}, {}),
    "inventory-movement-detail": lambda w: ({"pk": w.movement.pk}, {}),
    "promotion-preset": lambda w: ({}, {"year": w.promotion.start_date.year}),
    "promotion-detail": lambda w: ({"pk": w.promotion.pk}, {}),
    "promotion-status": lambda w: ({"pk": w.promotion.pk}, {}),
    "promotion-stock": lambda w: ({"pk": w.promotion.pk}, {}),
    "promotion-item-detail": lambda w: ({"pk": w.item.pk}, {}),
    "promotion-phase-detail": lambda w: ({"pk": w.phase.pk}, {}),
    "assessment-weights": lambda w: ({}, {"store": w.store.code}),
    "assessment-scorecards": lambda w: ({}, {"store": w.store.code}),
    "shift-pattern-detail": lambda w: ({"pk": rota_objects(w.store)[0].pk}, {}),
    "shift-detail": lambda w: ({"pk": rota_objects(w.store)[1].pk}, {}),
    "rota-coverage": lambda w: ({}, {"store": w.store.code, "role": "customer_service"}),
    "staffing-norms": lambda w: ({}, {"store": w.store.code}),
    "staffing-policy": lambda w: ({}, {"store": w.store.code}),
    "staffing-planned": lambda w: ({}, {"store": w.store.code}),
    "staffing-gap": lambda w: ({}, {"store": w.store.code, "months": 2}),
    "staffing-person-detail": lambda w: ({"pk": w.person.pk}, {}),
    "staffing-assignment-detail": lambda w: ({"pk": w.assignment.pk}, {}),
    "staffing-time-off-detail": lambda w: ({"pk": w.time_off.pk}, {}),
}
