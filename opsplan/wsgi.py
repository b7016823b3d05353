"""WSGI entry point (gunicorn opsplan.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsplan.settings")

application = get_wsgi_application()
