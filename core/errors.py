"""Turning validation errors into messages people can act on."""

from django.core.exceptions import ValidationError


def validation_messages(exc: ValidationError) -> list[str]:
    """Every message of ``exc``, each prefixed with its field where it has one."""
    if hasattr(exc, "error_dict"):
        return [
            f"{field}: {message}" if field != "__all__" else message
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return list(exc.messages)
