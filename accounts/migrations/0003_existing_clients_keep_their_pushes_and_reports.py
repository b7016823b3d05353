"""Clients that existed before scopes could push metrics and sales and read everything in their stores. They keep
pushing and reading reports; reading staff data (names, phones, notes, shifts, scorecards) is no longer granted
to them and must be given explicitly (the ``read_staff`` scope)."""

from django.db import migrations

BEFORE_SCOPES = ["push_metrics", "push_sales", "read_reports"]


def grant_what_they_had(apps, schema_editor):
    apps.get_model("accounts", "ApiClient").objects.update(scopes=BEFORE_SCOPES)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_client_scopes")]

    operations = [migrations.RunPython(grant_what_they_had, migrations.RunPython.noop)]
