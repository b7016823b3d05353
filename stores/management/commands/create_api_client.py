"""python manage.py create_api_client <name> --stores <code>[,<code>...] [--scopes <scope>[,<scope>...]] [--rotate]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.choices import ApiScope
from core.errors import validation_messages
from stores.services import api_client_create


class Command(BaseCommand):
    help = "Create an API client allowed to push to the given stores; prints the new key on the last line."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--stores", required=True, help="Comma-separated store codes.")
        parser.add_argument(
            "--scopes",
            help=f"Comma-separated scopes ({', '.join(ApiScope.values)}); default push_metrics only. "
            "With --rotate, replaces the client's scopes.",
        )
        parser.add_argument("--rotate", action="store_true", help="Revoke the existing client's key, issue a new one.")

    def handle(self, *args, **options):
        try:
            scopes = options["scopes"].split(",") if options["scopes"] is not None else None
            client, key = api_client_create(
                options["name"], options["stores"].split(","), scopes=scopes, rotate=options["rotate"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(validation_messages(exc))) from exc
        codes = ", ".join(client.stores.order_by("code").values_list("code", flat=True))
        verb = "Rotated the key of" if options["rotate"] else "Created"
        self.stdout.write(f"{verb} API client '{client.name}' for stores: {codes}")
        self.stdout.write(f"Scopes: {', '.join(client.scopes)}")
        self.stdout.write("Keep this key secret; it is not shown again:")
        self.stdout.write(key)
