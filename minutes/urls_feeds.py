"""Exports (CSV, JSON) and feeds (iCalendar, Atom) of meeting lists."""

urlpatterns: list = []
