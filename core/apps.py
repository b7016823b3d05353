"""The core layer's app: its template tags (money, count, pct …), formats and system checks."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Registers the core layer's system checks (the business date range)."""

    name = "core"
    verbose_name = "opsplan"

    def ready(self) -> None:
        from . import dates  # noqa: F401 - registers the checks
