"""DirtyRange's state moves to stores (stores/migrations/0004); its table, rollups_dirtyrange, stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rollups", "0010_projected_gmv_as_the_formula_rounds_it"),
        ("stores", "0004_dirty_ranges_from_rollups"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DirtyRange")], database_operations=[]
        ),
    ]
