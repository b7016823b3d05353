"""python manage.py create_store <code> --name "<name>" --platform <platform>"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.errors import validation_messages
from stores.choices import Platform
from stores.services import store_upsert


class Command(BaseCommand):
    help = "Create a store, or update the name and platform of the store with this code."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--name", required=True)
        parser.add_argument("--platform", required=True, help=" | ".join(Platform.values))

    def handle(self, *args, **options):
        try:
            store, created = store_upsert(options["code"], name=options["name"], platform=options["platform"])
        except ValidationError as exc:
            raise CommandError("; ".join(validation_messages(exc))) from exc
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} store {store.code}: {store.name} on {store.get_platform_display()}")
