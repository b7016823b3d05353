"""Import jobs (ImportJob) are kept by their own app now, below every feature app that imports files, instead of by
orders. Only Django's state moves: the table stays orders_importjob. The store's reverse accessor is import_jobs
(it was service_log_imports), which is state only too."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("stores", "0004_dirty_ranges_from_rollups"),
        ("orders", "0005_platform_export_imports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("service_log", "Customer-service log days"),
                                    ("products", "Products"),
                                    ("platform_export", "Platform export days"),
                                ],
                                default="service_log",
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("file_name", models.CharField(max_length=255, verbose_name="file name")),
                        ("content", models.BinaryField(verbose_name="content")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("preview", "Waiting for confirmation"),
                                    ("queued", "Waiting"),
                                    ("running", "Running"),
                                    ("done", "Imported"),
                                    ("failed", "Not imported"),
                                ],
                                default="queued",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("total_rows", models.PositiveIntegerField(default=0, verbose_name="rows")),
                        ("processed_rows", models.PositiveIntegerField(default=0, verbose_name="rows checked")),
                        ("created_rows", models.PositiveIntegerField(default=0, verbose_name="rows added")),
                        ("updated_rows", models.PositiveIntegerField(default=0, verbose_name="rows changed")),
                        ("unchanged_rows", models.PositiveIntegerField(default=0, verbose_name="rows unchanged")),
                        ("options", models.JSONField(blank=True, default=dict, verbose_name="options")),
                        ("errors", models.JSONField(blank=True, default=list, verbose_name="errors")),
                        ("error_count", models.PositiveIntegerField(default=0, verbose_name="number of errors")),
                        ("language", models.CharField(blank=True, max_length=10, verbose_name="language")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded")),
                        ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="uploaded by",
                            ),
                        ),
                        (
                            "store",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="import_jobs",
                                to="stores.store",
                                verbose_name="store",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "import job",
                        "verbose_name_plural": "import jobs",
                        "db_table": "orders_importjob",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
