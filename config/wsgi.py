"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# A WSGI server (gunicorn: make serve, the Procfile) serves colleagues; DEBUG would show them
# tracebacks, settings and code. Refused rather than turned off, so a DEBUG=1 left in the
# environment is noticed instead of silently meaning something else. runserver loads this module
# too: a developer's server may debug.
if settings.DEBUG and not settings.DEVELOPMENT_SERVER:
    raise ImproperlyConfigured(
        "DEBUG is on, but a WSGI server (gunicorn, make serve) never runs with DEBUG: it would show "
        "tracebacks to whoever meets an error. Unset DEBUG, or use manage.py runserver 127.0.0.1:8000."
    )

application = get_wsgi_application()
