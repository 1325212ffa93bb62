"""Public meeting pages. Exports and feeds live in urls_feeds.py (their own module)."""

from django.urls import include, path  # noqa: F401

app_name = "minutes"

urlpatterns: list = [
    path("", include("minutes.urls_feeds")),
]
