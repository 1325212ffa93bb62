"""The anonymous readers' request rate (``API_ANON_RATE``, e.g. ``120/min``; empty: no limit)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    # DRF binds its rates when the module is imported; read the setting per request instead, so
    # the environment and tests decide.
    def get_rate(self):
        return getattr(settings, "API_ANON_RATE", None) or None
