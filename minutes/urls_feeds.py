"""Exports (CSV, JSON) and feeds (iCalendar, Atom) of meeting lists."""

from django.urls import path

from . import exports
from .feeds import NewMeetingsFeed

urlpatterns: list = [
    path("meetings/export.csv", exports.meeting_export_csv, name="meeting_export_csv"),
    path("meetings/export.json", exports.meeting_export_json, name="meeting_export_json"),
    path("meetings.ics", exports.meeting_ics, name="meeting_ics"),
    path("people/<int:pk>/meetings.ics", exports.person_ics, name="person_ics"),
    path("units/<int:pk>/meetings.ics", exports.unit_ics, name="unit_ics"),
    path("feeds/meetings.atom", NewMeetingsFeed(), name="meeting_atom"),
]
