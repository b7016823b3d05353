"""opsplan: operations planning for e-commerce stores."""

from .celery import app as celery_app

__all__ = ("celery_app",)
