"""Alert tasks: thin wrappers that call one service and own the retries (see core.tasks.RETRY).

Alerts are evaluated right after each store's rollup (opsplan.tasks.store_refresh).
"""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRY

from .digest import alerts_digest_send


@shared_task(**RETRY)
def alerts_digest() -> dict[str, int]:
    """E-mail each ops manager their stores' open alerts not e-mailed yet (daily, 08:00 Asia/Shanghai)."""
    result = alerts_digest_send()
    return {"emails": result.emails, "alerts": result.alerts}
