"""python manage.py rollup [--store <code>] [--from <date> --to <date>]"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.dates import parse_business_date
from opsplan.tasks import store_refresh
from stores.days import dirty_ranges
from stores.models import Store


def parse_date(value: str, option: str) -> date:
    try:
        return parse_business_date(value)
    except ValidationError as exc:
        raise CommandError(f"{option} {value!r}: {' '.join(exc.messages)}") from exc


class Command(BaseCommand):
    help = (
        "Run the plan-versus-actual rollup now, in-process. With --from/--to it recomputes that range; "
        "without, the store-days whose actuals changed since the last rollup."
    )

    def add_arguments(self, parser):
        parser.add_argument("--store", help="Only this store (its code).")
        parser.add_argument("--from", dest="date_from", help="First day, e.g. 2026-11-01.")
        parser.add_argument("--to", dest="date_to", help="Last day, e.g. 2026-11-30.")

    def handle(self, *args, store=None, date_from=None, date_to=None, **options):
        if (date_from is None) != (date_to is None):
            raise CommandError("Give both --from and --to, or neither.")
        stores = Store.objects.order_by("code")
        if store:
            stores = stores.filter(code=store)
            if not stores.exists():
                raise CommandError(f"There is no store with code {store!r}.")
        if date_from is not None:
            first, last = parse_date(date_from, "--from"), parse_date(date_to, "--to")
            if first > last:
                raise CommandError(f"--from {first} is after --to {last}.")
            work = [(s, first, last) for s in stores]
        else:
            by_id = {s.pk: s for s in stores}
            work = [(by_id[pk], first, last) for pk, first, last in dirty_ranges(by_id) if pk in by_id]
        if not work:
            self.stdout.write("Nothing to roll up: no store-day changed since the last rollup.")
            return
        total = 0
        for target, first, last in work:
            rows = store_refresh(target, [(first, last)])
            total += rows
            days = (last - first).days + 1
            self.stdout.write(f"{target.code}: {first} .. {last} ({days} days), {rows} period segments written")
        self.stdout.write(self.style.SUCCESS(f"Rolled up {len(work)} store range(s), {total} period segments."))
