"""iCalendar (RFC 5545) output, built with the ``icalendar`` package: the archive's, a person's
and a unit's meeting calendars (``minutes.exports``) and the follow-up board's due dates
(``minutes.board_views``).

``icalendar`` escapes TEXT values and folds lines at 75 octets; this module adds what it leaves
to the caller: control characters dropped (the TEXT grammar forbids them, and staff text may hold
them) and a calendar written one event at a time, so a feed of the whole archive streams.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

import icalendar

PRODID = "-//Logistics Meeting Minutes Archive//minutes//ZH"
UID_DOMAIN = "minutes-archive"
_END = "END:VCALENDAR\r\n"


def text(value: str) -> str:
    """A TEXT value without the control characters RFC 5545 §3.3.11 forbids (tab and newlines
    stay; icalendar escapes newlines)."""
    return "".join(ch for ch in value if ch in "\r\n\t" or ord(ch) >= 0x20 and ord(ch) != 0x7F)


def utc(value: datetime.datetime) -> datetime.datetime:
    """Written as ``…Z``: an aware datetime in another zone would need a VTIMEZONE."""
    return value.astimezone(datetime.UTC)


def event(uid: str, *, stamp: datetime.datetime, **properties) -> icalendar.Event:
    """A VEVENT with ``UID:{uid}@{UID_DOMAIN}`` and ``DTSTAMP`` (the generation time under
    METHOD:PUBLISH, §3.8.7.2); ``properties`` in order, ``_`` for ``-`` in names (``class_`` for
    CLASS), strings as TEXT; ``None`` and empty values are left out."""
    vevent = icalendar.Event()
    vevent.add("uid", f"{uid}@{UID_DOMAIN}")
    vevent.add("dtstamp", utc(stamp))
    for name, value in properties.items():
        if value is None or value == "":
            continue
        if isinstance(value, str):
            value = text(value)
        elif isinstance(value, datetime.datetime):
            value = utc(value)
        vevent.add(name.rstrip("_").replace("_", "-"), value)
    return vevent


def calendar_stream(events: Iterable[icalendar.Event], *, name: str, timezone: str = "") -> Iterator[str]:
    """A VCALENDAR (METHOD:PUBLISH) as text: the head, then each event as it comes, then the end."""
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", text(name))
    if timezone:
        calendar.add("x-wr-timezone", timezone)
    empty = calendar.to_ical().decode("utf-8")
    yield empty.removesuffix(_END)
    for vevent in events:
        yield vevent.to_ical().decode("utf-8")
    yield _END
