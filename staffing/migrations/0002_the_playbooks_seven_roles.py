"""Load the playbook's seven roles with their duties and default capacity norms (docs/staffing.md says why)."""

from decimal import Decimal

from django.db import migrations

ROLES = [
    # code, English, Chinese, duties (en), duties (zh), norm unit, default norm, minimum headcount
    (
        "ops_manager", "Operations manager", "运营主管",
        "Plans the shop, its promotions and sales targets; leads the team.",
        "制定店铺运营计划、推广活动与销售目标，管理团队。",
        "fixed", None, "1",
    ),
    (
        "customer_service", "Customer service", "客服",
        "Answers buyers; prints, reviews and allocates the day's orders; after-sales and return visits; "
        "at least two forum posts a day.",
        "接待买家咨询；打印、审核、分配每日订单；售后与回访；每天至少两篇论坛帖子。",
        "orders_per_hour", "15", "1",
    ),
    (
        "designer", "Designer", "美工",
        "Shop visuals, product photos and detail pages.",
        "店铺装修、商品拍摄与详情页设计。",
        "pages_per_day", "4", "1",
    ),
    (
        "promoter", "Promotion specialist", "推广",
        "Paid traffic (pay-per-click, display ads, affiliates), SEO and competitor study.",
        "付费推广（直通车、钻石展位、淘宝客）、搜索优化与竞品分析。",
        "ad_spend_per_day", "1000", "1",
    ),
    (
        "logistics", "Logistics", "物流",
        "Receiving, stock counts, packing and the daily shipping run.",
        "收货、盘点、打包与每日发货。",
        "parcels_per_day", "200", "1",
    ),
    (
        "finance", "Finance", "财务",
        "Payments received and courier fees.",
        "核对收款与快递费用。",
        "fixed", None, "0.5",
    ),
    (
        "editor", "Editor", "编辑",
        "Titles, descriptions, listing and delisting.",
        "商品标题、描述与上下架。",
        "listings_per_day", "20", "0.5",
    ),
]


def role_fields(position, row):
    """A catalogue row as the StaffRole fields besides its code (also used by staffing.catalogue)."""
    _code, name_en, name_zh, duties_en, duties_zh, unit, norm, minimum = row
    return {
        "name_en": name_en,
        "name_zh": name_zh,
        "duties_en": duties_en,
        "duties_zh": duties_zh,
        "norm_unit": unit,
        "default_norm": Decimal(norm) if norm else None,
        "minimum_headcount": Decimal(minimum),
        "position": position,
    }


def load_roles(apps, schema_editor):
    StaffRole = apps.get_model("staffing", "StaffRole")
    for position, row in enumerate(ROLES, start=1):
        StaffRole.objects.update_or_create(code=row[0], defaults=role_fields(position, row))


def unload_roles(apps, schema_editor):
    apps.get_model("staffing", "StaffRole").objects.filter(code__in=[row[0] for row in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_roles_roster_headcount")]

    operations = [migrations.RunPython(load_roles, unload_roles)]
