"""DirtyRange's state moves to stores (stores/migrations/0004); its table, rollups_dirtyrange, stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rollups", "0009_day_view_ranks_platform_exports"),
        ("stores", "0004_dirty_ranges_from_rollups"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="DirtyRange")], database_operations=[]),
    ]
