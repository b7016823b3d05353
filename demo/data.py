"""The demo company: 山禾家居 (Shanhe Home), a home-textiles brand selling on three platforms."""

from datetime import date

from .history import Growth

DEMO_PASSWORD = "opsplan-demo-2026"

STORES = [
    {
        "code": "tmall-flagship",
        "name": "山禾家居天猫旗舰店 Shanhe Home Tmall Flagship",
        "platform": "tmall",
        "launch_date": date(2024, 9, 1),
        "notes": "主营床品四件套与夏凉被。2 款主推款，目标日均 200 单。\n"
        "Bedding sets and summer quilts; two main-push styles.",
    },
    {
        "code": "jd-shop",
        "name": "山禾家居京东专营店 Shanhe Home JD Shop",
        "platform": "jd",
        "launch_date": date(2025, 11, 1),
        "notes": "京东渠道，分时段上架获取基础流量。\nJD channel; listing in time slots for base traffic.",
    },
    {
        "code": "douyin-shop",
        "name": "山禾家居抖音小店 Shanhe Home Douyin Shop",
        "platform": "douyin",
        "launch_date": date(2026, 10, 15),
        "notes": "新开店铺，观察自然流量，进行初选。\nJust launched; watching natural traffic for the first selection.",
    },
]

# username, (Chinese name, English name), {store code: role}; one demo login per role.
PEOPLE = [
    ("manager", ("王磊", "Wang Lei"), {"tmall-flagship": "ops_manager", "jd-shop": "ops_manager"}),
    ("manager.douyin", ("赵敏", "Zhao Min"), {"douyin-shop": "ops_manager"}),
    ("service", ("李娜", "Li Na"), {"tmall-flagship": "customer_service", "jd-shop": "customer_service"}),
    ("designer", ("陈静", "Chen Jing"), {"tmall-flagship": "designer", "douyin-shop": "designer"}),
    ("promoter", ("刘洋", "Liu Yang"), {"tmall-flagship": "promoter", "jd-shop": "promoter"}),
    (
        "logistics",
        ("张伟", "Zhang Wei"),
        {"tmall-flagship": "logistics", "jd-shop": "logistics", "douyin-shop": "logistics"},
    ),
    ("finance", ("孙丽", "Sun Li"), {"tmall-flagship": "finance", "jd-shop": "finance", "douyin-shop": "finance"}),
    ("editor", ("周杰", "Zhou Jie"), {"tmall-flagship": "editor"}),
    ("viewer", ("吴芳", "Wu Fang"), {"tmall-flagship": "viewer", "jd-shop": "viewer", "douyin-shop": "viewer"}),
]
ADMIN_USERNAME = "admin"

# How each demo store's traffic grew over its history (see demo.history):
# the flagship climbs from stage 3 into stage 4, the JD shop from stage 1 into stage 2,
# the Douyin shop is still watching its natural traffic in stage 1.
GROWTH = {
    "tmall-flagship": Growth(
        uv_start=30,
        uv_end=820,
        conversion_start=0.022,
        conversion_end=0.034,
        aov=168,
        ad_spend_per_uv=0.32,
        paid_from_day=42,
    ),
    "jd-shop": Growth(
        uv_start=35,
        uv_end=210,
        conversion_start=0.015,
        conversion_end=0.028,
        aov=139,
        ad_spend_per_uv=0.0,
        paid_from_day=10_000,
    ),
    "douyin-shop": Growth(
        uv_start=30,
        uv_end=48,
        conversion_start=0.01,
        conversion_end=0.025,
        aov=99,
        ad_spend_per_uv=0.0,
        paid_from_day=10_000,
    ),
}
HISTORY_DAYS = 1000  # at most; each store's history starts at its launch
DEMO_CLIENT = "demo-erp-sync"

# The active plan of each demo store: its stage boundaries follow the store's history, so the
# actuals show each past stage reached and the current stage is where the store is now.
PLANS = {
    "tmall-flagship": {
        "name": "天猫旗舰店经营计划 Flagship plan",
        "period": (date(2024, 9, 1), date(2027, 6, 30)),
        "stage_starts": [date(2024, 9, 1), date(2024, 12, 1), date(2025, 5, 1), date(2025, 9, 1), date(2027, 2, 1)],
        "orders_per_day": ["1", "4", "8", "24", "60"],
        "conversion": ["0.02", "0.022", "0.025", "0.03", "0.03"],
        "aov": "168.00",
    },
    "jd-shop": {
        "name": "京东店经营计划 JD shop plan",
        "period": (date(2025, 11, 1), date(2027, 10, 31)),
        "stage_starts": [date(2025, 11, 1), date(2026, 2, 1), date(2027, 1, 1), date(2027, 4, 1), date(2027, 8, 1)],
        "orders_per_day": ["1", "5", "12", "30", "60"],
        "conversion": ["0.015", "0.025", "0.025", "0.03", "0.03"],
        "aov": "139.00",
    },
    "douyin-shop": {
        "name": "抖音小店开店计划 Douyin launch plan",
        "period": (date(2026, 10, 15), date(2027, 10, 14)),
        "stage_starts": [date(2026, 10, 15), date(2027, 1, 1), date(2027, 3, 1), date(2027, 5, 1), date(2027, 8, 1)],
        "orders_per_day": ["1", "4", "10", "25", "50"],
        "conversion": ["0.02", "0.02", "0.025", "0.025", "0.03"],
        "aov": "99.00",
    },
}
