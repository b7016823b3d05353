"""Kinds and statuses of the funnel, with labels in both languages."""

# The source key of figures logged by customer service in the browser; API clients use "client:<id>".
SERVICE_LOG_SOURCE = "service_log"


def client_source(client_id: int) -> str:
    return f"client:{client_id}"
