"""python manage.py seed_demo: load (or refresh) the demo company and print the logins."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.data import DEMO_PASSWORD
from demo.services import demo_load
from rotas.services import demo_rotas_ahead


class Command(BaseCommand):
    help = "Load the demo stores, people and history; safe to run again."

    def handle(self, *args, **options):
        logins = demo_load(as_of=timezone.localdate())
        demo_rotas_ahead(timezone.localdate())  # after the demo team; no people yet: nothing to do
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in at http://127.0.0.1:8000/ with:"))
        width = max(len(u) for u, _ in logins)
        for username, described in logins:
            self.stdout.write(f"  {username.ljust(width)}  / {DEMO_PASSWORD}   ({described})")
