"""The five-stage traffic funnel of the playbook (引流工作五步走), as the default stage templates."""

from decimal import Decimal

from django.db import migrations

STAGES = [
    {
        "number": 1, "name_zh": "上架观察", "name_en": "List and observe",
        "method_zh": "宝贝上架，自然浏览观察宝贝受欢迎程度，进行初选",
        "method_en": "List items, watch natural traffic to see what is popular, make a first selection",
        "uv_min": 30, "uv_max": 50, "orders_min": 1, "orders_max": 1,
        "default_weeks": 2, "default_orders_per_day": Decimal("1"),
        "notes_zh": "每天 1 单左右；观察店铺流量情况，为下一步运作打好基础。",
        "notes_en": "About 1 order a day; watch the shop's traffic to prepare the next step.",
    },
    {
        "number": 2, "name_zh": "分时段上架", "name_en": "Base traffic",
        "method_zh": "分时段宝贝上架，获得基础流量（建议宝贝 200 以上）",
        "method_en": "List items in time slots to win base traffic (200+ items recommended)",
        "uv_min": 100, "uv_max": 300, "orders_min": 1, "orders_max": 10,
        "bestseller_count_min": 1, "bestseller_count_max": 3, "bestseller_sales_min": 10, "bestseller_sales_max": 20,
        "min_listed_items": 200, "default_weeks": 4, "default_orders_per_day": Decimal("5"),
        "notes_zh": "开源节流，一周左右集中流量打造 1–3 款爆款，销量 10–20。",
        "notes_en": "Focus traffic for about a week on 1–3 best-sellers, 10–20 sales.",
    },
    {
        "number": 3, "name_zh": "直通车与试用", "name_en": "Pay-per-click and trials",
        "method_zh": "直通车、淘宝活动（试用中心等）（日消耗 50–100 元）",
        "method_en": "Pay-per-click and platform trials (50–100 CNY a day)",
        "uv_min": 70, "uv_max": 180, "uv_is_increment": True, "orders_min": 3, "orders_max": 20,
        "bestseller_count_min": 1, "bestseller_count_max": 3, "bestseller_sales_min": 30, "bestseller_sales_max": 60,
        "ad_spend_min": Decimal("50"), "ad_spend_max": Decimal("100"), "default_weeks": 6,
        "default_orders_per_day": Decimal("12"), "default_paid_share": Decimal("0.35"), "default_cpc": Decimal("0.60"),
        "notes_zh": "基础流量 +（70–180 UV）；流量持续攀高，集中流量打造 1–3 款爆款，销量 30–60。",
        "notes_en": "Base traffic + 70–180 UV; traffic keeps climbing, 1–3 best-sellers at 30–60 sales.",
    },
    {
        "number": 4, "name_zh": "加大推广与报名活动", "name_en": "More ads and platform events",
        "method_zh": "直通车加大、钻石展位加大、淘宝活动申报（天天特价、淘满意、聚划算等）",
        "method_en": "More pay-per-click and display ads; apply for platform events (daily specials, Juhuasuan…)",
        "uv_min": 300, "uv_max": 1000, "orders_min": 5, "orders_max": 50,
        "bestseller_count_min": 1, "bestseller_count_max": 3, "bestseller_sales_min": 200, "bestseller_sales_max": 300,
        "default_weeks": 12, "default_orders_per_day": Decimal("30"), "default_paid_share": Decimal("0.45"),
        "default_cpc": Decimal("0.80"),
        "notes_zh": "流量继续攀高，集中流量打造 1–3 款爆款，销量 200–300。",
        "notes_en": "Traffic keeps climbing; 1–3 best-sellers at 200–300 sales.",
    },
    {
        "number": 5, "name_zh": "长尾流量", "name_en": "Long-tail traffic",
        "method_zh": "直通车、钻石展位、淘宝活动申报；关联营销、会员营销、淘宝客获取长尾流量",
        "method_en": "Pay-per-click, display ads, platform events; affiliate and membership marketing for long-tail traffic",
        "uv_min": 500, "uv_max": 2000, "orders_min": 10, "orders_max": 100,
        "bestseller_count_min": 1, "bestseller_count_max": 3, "default_weeks": 26,
        "default_orders_per_day": Decimal("60"), "default_paid_share": Decimal("0.40"), "default_cpc": Decimal("0.90"),
        "notes_zh": "1–3 个爆款基本成形，开始关联营销、会员营销，获得长尾流量。",
        "notes_en": "1–3 best-sellers formed; cross-selling and membership marketing bring long-tail traffic.",
    },
]


def load(apps, schema_editor):
    template = apps.get_model("funnel", "StageTemplate")
    for stage in STAGES:
        template.objects.update_or_create(number=stage["number"], defaults=stage)


def unload(apps, schema_editor):
    apps.get_model("funnel", "StageTemplate").objects.filter(number__in=[s["number"] for s in STAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("funnel", "0002_plans_stages_milestones_targets")]

    operations = [migrations.RunPython(load, unload)]
