"""python manage.py setup_schedules: create the periodic tasks opsplan needs (kept if they exist)."""

from django.core.management.base import BaseCommand

from opsplan.schedules import schedules_ensure


class Command(BaseCommand):
    help = "Create the beat schedule entries (opsplan/schedules.py)."

    def handle(self, *args, **options):
        for task in schedules_ensure():
            self.stdout.write(f"{task.name}: {task.crontab} ({'enabled' if task.enabled else 'disabled'})")
