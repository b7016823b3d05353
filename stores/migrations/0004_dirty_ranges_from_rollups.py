"""The days whose figures changed (DirtyRange) are bookkept by stores now (stores.days), so that the apps that
write figures need not know the rollup. Only Django's state moves: the table stays rollups_dirtyrange."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stores", "0003_source_policy_ranks_platform_exports"),
        ("rollups", "0009_day_view_ranks_platform_exports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DirtyRange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("date_from", models.DateField()),
                        ("date_to", models.DateField()),
                        ("marked_at", models.DateTimeField()),
                        (
                            "store",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="stores.store"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "dirty range",
                        "verbose_name_plural": "dirty ranges",
                        "db_table": "rollups_dirtyrange",
                        "indexes": [models.Index(fields=["store", "marked_at"], name="dirty_range_store")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
