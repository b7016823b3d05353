"""Promotion multipliers default to the playbook's (Double 11 ×5; 618, Double 12, Juhuasuan ×3); policies saved with
the old empty default get them too. docs/staffing.md says why."""

from django.db import migrations, models

import staffing.models

DEFAULTS = {"double_11": "5", "618": "3", "double_12": "3", "juhuasuan": "3"}


def fill_empty(apps, schema_editor):
    StaffingPolicy = apps.get_model("staffing", "StaffingPolicy")
    StaffingPolicy.objects.filter(promotion_multipliers={}).update(promotion_multipliers=DEFAULTS)


def empty_again(apps, schema_editor):
    StaffingPolicy = apps.get_model("staffing", "StaffingPolicy")
    StaffingPolicy.objects.filter(promotion_multipliers=DEFAULTS).update(promotion_multipliers={})


class Migration(migrations.Migration):

    dependencies = [
        ("staffing", "0002_the_playbooks_seven_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="staffingpolicy",
            name="promotion_multipliers",
            field=models.JSONField(
                blank=True,
                default=staffing.models.default_promotion_multipliers,
                help_text="Kinds not listed use the default multiplier.",
                verbose_name="orders on promotion days (× the plan's day target, by promotion kind)",
            ),
        ),
        migrations.RunPython(fill_empty, empty_again),
    ]
