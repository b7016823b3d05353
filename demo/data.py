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

# username, full name, {store code: role}; one demo login per role.
PEOPLE = [
    ("manager", ("王", "磊 Wang Lei"), {"tmall-flagship": "ops_manager", "jd-shop": "ops_manager"}),
    ("manager.douyin", ("赵", "敏 Zhao Min"), {"douyin-shop": "ops_manager"}),
    ("service", ("李", "娜 Li Na"), {"tmall-flagship": "customer_service", "jd-shop": "customer_service"}),
    ("designer", ("陈", "静 Chen Jing"), {"tmall-flagship": "designer", "douyin-shop": "designer"}),
    ("promoter", ("刘", "洋 Liu Yang"), {"tmall-flagship": "promoter", "jd-shop": "promoter"}),
    (
        "logistics",
        ("张", "伟 Zhang Wei"),
        {"tmall-flagship": "logistics", "jd-shop": "logistics", "douyin-shop": "logistics"},
    ),
    ("finance", ("孙", "丽 Sun Li"), {"tmall-flagship": "finance", "jd-shop": "finance", "douyin-shop": "finance"}),
    ("editor", ("周", "杰 Zhou Jie"), {"tmall-flagship": "editor"}),
    ("viewer", ("吴", "芳 Wu Fang"), {"tmall-flagship": "viewer", "jd-shop": "viewer", "douyin-shop": "viewer"}),
]
ADMIN_USERNAME = "admin"

# How each demo store's traffic grew over its history (see demo.history):
# the flagship climbs from stage 3 into stage 4, the JD shop from stage 1 into stage 2,
# the Douyin shop is still watching its natural traffic in stage 1.
GROWTH = {
    "tmall-flagship": Growth(
        uv_start=260,
        uv_end=820,
        conversion_start=0.022,
        conversion_end=0.034,
        aov=168,
        ad_spend_per_uv=0.32,
        paid_from_day=0,
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
HISTORY_DAYS = 365
DEMO_CLIENT = "demo-erp-sync"
