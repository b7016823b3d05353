"""Preset keys name their year ("double_11" → "double_11:2026"), so an adopted entry moved to other dates is
still recognised; every preset entry starts in its preset's year, so the start date gives the year."""

from django.db import migrations


def add_year(apps, schema_editor):
    Promotion = apps.get_model("promotions", "Promotion")
    for promotion in Promotion.objects.exclude(preset_key="").exclude(preset_key__contains=":"):
        promotion.preset_key = f"{promotion.preset_key}:{promotion.start_date.year}"
        promotion.save(update_fields=["preset_key"])


def drop_year(apps, schema_editor):
    Promotion = apps.get_model("promotions", "Promotion")
    for promotion in Promotion.objects.filter(preset_key__contains=":"):
        promotion.preset_key = promotion.preset_key.split(":", 1)[0]
        promotion.save(update_fields=["preset_key"])


class Migration(migrations.Migration):
    dependencies = [("promotions", "0003_calendar_feed_tokens")]

    operations = [migrations.RunPython(add_year, drop_year)]
