"""python manage.py seed_demo: load (or refresh) the demo company and print the logins."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.choices import Role
from core.text import bracketed, joined
from demo.data import DEMO_PASSWORD
from demo.services import demo_load
from rotas.services import demo_rotas_ahead


def described(roles: dict[str, str]) -> str:
    """Who a login is, by role label and store: 运营主管 @ tmall-flagship、客服 @ jd-shop."""
    if not roles:
        return gettext("superuser: every store, the admin")
    return joined(f"{Role(role).label} @ {code}" for code, role in roles.items())


class Command(BaseCommand):
    help = "Load the demo stores, people and history; safe to run again."

    def handle(self, *args, **options):
        logins = demo_load(as_of=timezone.localdate())
        demo_rotas_ahead(timezone.localdate())  # after the demo team; no people yet: nothing to do
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in at http://127.0.0.1:8000/ with:"))
        width = max(len(u) for u, _ in logins)
        # In the site's default language, the one its pages open in (LANGUAGE_CODE), not the shell's.
        with translation.override(settings.LANGUAGE_CODE):
            for username, roles in logins:
                self.stdout.write(bracketed(f"  {username.ljust(width)}  / {DEMO_PASSWORD}  ", described(roles)))
