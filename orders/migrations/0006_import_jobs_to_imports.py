"""ImportJob's state moves to imports (imports/migrations/0001); its table, orders_importjob, stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0005_platform_export_imports"),
        ("imports", "0001_import_jobs_from_orders"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportJob")], database_operations=[]
        ),
    ]
