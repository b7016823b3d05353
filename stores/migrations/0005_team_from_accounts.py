"""A store's team (Membership), its history (MembershipEvent) and its invitation links (Invitation) are kept by
stores now, with the code that reads them (stores.permissions, stores.members), so that accounts knows no store.
Only Django's state moves: the tables stay accounts_membership, accounts_membershipevent and accounts_invitation.
Their content types move with them, so admin permissions and the admin's log keep pointing at them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["membership", "membershipevent", "invitation"]

ROLES = [
    ("ops_manager", "Operations manager"),
    ("customer_service", "Customer service"),
    ("designer", "Designer"),
    ("promoter", "Promotion specialist"),
    ("logistics", "Logistics"),
    ("finance", "Finance"),
    ("editor", "Editor"),
    ("viewer", "Viewer"),
]


def content_types_move(apps, schema_editor, old: str = "accounts", new: str = "stores") -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(app_label=old, model__in=MODELS).update(
        app_label=new
    )


def content_types_back(apps, schema_editor) -> None:
    content_types_move(apps, schema_editor, old="stores", new="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("stores", "0004_dirty_ranges_from_rollups"),
        ("accounts", "0004_membership_events_and_invitations"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("role", models.CharField(choices=ROLES, max_length=20, verbose_name="role")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        (
                            "store",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="stores.store",
                                verbose_name="store",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "membership",
                        "verbose_name_plural": "memberships",
                        "db_table": "accounts_membership",
                        "ordering": ["store__name", "user__username"],
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "store"), name="membership_one_role_per_store")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="MembershipEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("added", "Added"),
                                    ("role_changed", "Role changed"),
                                    ("removed", "Removed"),
                                    ("invite_issued", "Invitation link issued"),
                                    ("invite_used", "Invitation link used"),
                                ],
                                max_length=20,
                                verbose_name="what",
                            ),
                        ),
                        ("member_username", models.CharField(max_length=150, verbose_name="member's username")),
                        ("actor_username", models.CharField(blank=True, max_length=150, verbose_name="by (username)")),
                        (
                            "role_before",
                            models.CharField(blank=True, choices=ROLES, max_length=20, verbose_name="role before"),
                        ),
                        (
                            "role_after",
                            models.CharField(blank=True, choices=ROLES, max_length=20, verbose_name="role after"),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when")),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="membership_changes_made",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="membership_events",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="member",
                            ),
                        ),
                        (
                            "store",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="membership_events",
                                to="stores.store",
                                verbose_name="store",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "membership change",
                        "verbose_name_plural": "membership changes",
                        "db_table": "accounts_membershipevent",
                        "ordering": ["-at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Invitation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("hashed_token", models.CharField(max_length=64, unique=True, verbose_name="hashed token")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="issued")),
                        ("expires_at", models.DateTimeField(verbose_name="expires")),
                        ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="used")),
                        ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="invitations_issued",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="issued by",
                            ),
                        ),
                        (
                            "store",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations",
                                to="stores.store",
                                verbose_name="store",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "invitation",
                        "verbose_name_plural": "invitations",
                        "db_table": "accounts_invitation",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_move, content_types_back),
    ]
