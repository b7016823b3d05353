"""Membership, MembershipEvent and Invitation move to stores (stores/migrations/0005); their tables stay as they
are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_membership_events_and_invitations"),
        ("stores", "0005_team_from_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Invitation"),
                migrations.DeleteModel(name="MembershipEvent"),
                migrations.DeleteModel(name="Membership"),
            ],
            database_operations=[],
        ),
    ]
