"""Page timings for the benchmark archive: the public pages a reader opens, rendered in-process.

Runs inside the benchmark process once the archive is loaded. The objects are picked from the
archive deterministically (the busiest meeting, person, unit, year; ties by id), each page is
rendered with Django's test client as an anonymous and as a signed-in reader (their session and
user queries count), once to warm caches and then ``repeats`` times. Hostile requests (issue 12:
a query of 1,300 words, one of the longest accepted length, one of many terms) are timed beside
them and reported as a ratio to the meeting list. Server time is the whole request through the middleware and the template (no
network, no connection setup: the test client keeps the connection open between requests). Every
SQL statement is timed with a connection execute wrapper, so query counts and the slowest query
come from the same renders as the page times. On SQLite a statement's rows are produced while
they are fetched, after the wrapper has returned, so there "SQL ms" covers only the part of the
work done before the first row (the page times are complete either way).
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from minutes.models import Meeting, Speech
from minutes.views import PAGE_SIZE
from orgunits.models import OrgUnit
from people.models import Person

# Pages slower than this (median) get their slowest statement printed under the table.
SLOW_MS = 200
LIST_WORD = "宿舍"  # a two-character word of the query mix: in a few percent of the paragraphs
SEARCH_WORDS = ("後勤改革方案", "張國臣")


@dataclass
class PageTiming:
    name: str
    url: str
    reader: str = "anonymous"
    statuses: set[int] = field(default_factory=set)
    times: list[float] = field(default_factory=list)  # ms per render
    queries: list[int] = field(default_factory=list)  # statements per render
    sql_ms: list[float] = field(default_factory=list)  # time in the database per render
    slowest_ms: list[float] = field(default_factory=list)  # the slowest statement per render
    slowest_sql: str = ""

    @property
    def status(self) -> int:
        # The worst one if renders disagree (they should not).
        return max(self.statuses) if self.statuses else 0


class _QueryTimer:
    """A connection execute wrapper that times every statement."""

    def __init__(self):
        self.statements: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(((time.perf_counter() - started) * 1000, sql))


def _visible():
    return Meeting.objects.visible_to(None)


def busiest_meeting() -> Meeting | None:
    """The visible meeting with the most speech paragraphs."""
    row = (
        Speech.objects.filter(meeting__in=_visible().values("pk"))
        .values("meeting")
        .annotate(n=Count("pk"))
        .order_by("-n", "meeting")
        .first()
    )
    return Meeting.objects.get(pk=row["meeting"]) if row else None


def busiest_person() -> Person | None:
    """The person in the most visible meetings (the one definition, as kept by minutes.reach)."""
    return Person.objects.visible_to(None).order_by("-meetings_public", "pk").first()


def busiest_unit() -> OrgUnit | None:
    """The unit in the most visible meetings (the one definition, as kept by minutes.reach)."""
    return OrgUnit.objects.visible_to(None).order_by("-meetings_public", "pk").first()


def busiest_month() -> tuple[int, int] | None:
    """(year, month) with the most visible meetings."""
    row = (
        _visible()
        .filter(year__isnull=False, month__isnull=False)
        .values("year", "month")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year", "-month")
        .first()
    )
    return (row["year"], row["month"]) if row else None


def representative_pages() -> list[tuple[str, str]]:
    """(name, URL) of the pages to time, chosen from the archive in the database."""
    meeting_list = reverse("minutes:meeting_list")
    pages = [("home", reverse("minutes:home")), ("follow-up", reverse("minutes:follow_up"))]
    pages.append(("meeting list", meeting_list))
    n_visible = _visible().count()
    middle = max(1, -(-n_visible // PAGE_SIZE) // 2)
    pages.append(("meeting list p.2", f"{meeting_list}?page=2"))
    pages.append((f"meeting list p.{middle}", f"{meeting_list}?page={middle}"))
    pages.append((f"list q={LIST_WORD}", f"{meeting_list}?q={LIST_WORD}"))
    person = busiest_person()
    unit = busiest_unit()
    meeting = busiest_meeting()
    month = busiest_month()
    if person:
        pages.append(("list person=", f"{meeting_list}?person={person.pk}"))
    if unit:
        pages.append(("list unit=", f"{meeting_list}?unit={unit.pk}"))
    if meeting:
        pages.append(("meeting detail", meeting.get_absolute_url()))
    pages.append(("person list", reverse("people:person_list")))
    pages.append(("person list p.2", f"{reverse('people:person_list')}?page=2"))
    if person:
        pages.append(("person detail", person.get_absolute_url()))
    gc = Person.objects.filter(name="張國臣").order_by("pk").first()
    if gc and gc != person:
        pages.append(("person 張國臣", gc.get_absolute_url()))
    pages.append(("unit list", reverse("orgunits:unit_list")))
    if unit:
        pages.append(("unit detail", unit.get_absolute_url()))
    pages.append(("archive", reverse("minutes:meeting_archive")))
    if month:
        pages.append(("archive year", reverse("minutes:meeting_year", args=[month[0]])))
        pages.append(("archive month", reverse("minutes:meeting_month", args=list(month))))
    for word in SEARCH_WORDS:
        pages.append((f"search {word}", f"{reverse('search:results')}?q={word}"))
    if month:
        pages.extend(_date_pages(*month))
    return pages


# Issue 12's hostile queries: bounded by minutes.text_input, they must cost about a list page.
HOSTILE_WORDS = 1300


def hostile_pages() -> list[tuple[str, str]]:
    """(name, URL) of requests a visitor could send to tie up a worker."""
    from urllib.parse import urlencode

    from minutes.text_input import QUERY_MAX_CHARS, QUERY_MAX_TERMS

    words = " ".join(f"{LIST_WORD}{i}" for i in range(HOSTILE_WORDS))
    longest = (LIST_WORD * QUERY_MAX_CHARS)[:QUERY_MAX_CHARS]
    terms = " ".join(["後勤", "宿舍", "改革", "方案", "會議", "工作", "學習", "推進", "服務", "管理"] * 3)
    assert len(terms.split()) > QUERY_MAX_TERMS
    meeting_list, search = reverse("minutes:meeting_list"), reverse("search:results")
    people, units = reverse("people:person_list"), reverse("orgunits:unit_list")
    return [
        (f"hostile list {HOSTILE_WORDS} words", f"{meeting_list}?{urlencode({'q': words})}"),
        (f"hostile list {QUERY_MAX_CHARS} chars", f"{meeting_list}?{urlencode({'q': longest})}"),
        ("hostile list many terms", f"{meeting_list}?{urlencode({'q': terms})}"),
        (f"hostile search {HOSTILE_WORDS} words", f"{search}?{urlencode({'q': words})}"),
        ("hostile search many terms", f"{search}?{urlencode({'q': terms})}"),
        (f"hostile people {HOSTILE_WORDS} words", f"{people}?{urlencode({'q': words})}"),
        (f"hostile units {HOSTILE_WORDS} words", f"{units}?{urlencode({'q': words})}"),
    ]


def _date_pages(year: int, month: int) -> list[tuple[str, str]]:
    """Dates typed among the words (a month, a day of any year, a month with a word) and a date
    range alone, on the list and the search page."""
    search = reverse("search:results")
    return [
        (f"list q={year}年{month}月", f"{reverse('minutes:meeting_list')}?q={year}年{month}月"),
        (f"search {year}年{month}月", f"{search}?q={year}年{month}月"),
        (f"search {month}月19日", f"{search}?q={month}月19日"),
        (f"search {LIST_WORD} {year}年", f"{search}?q={LIST_WORD}+{year}年"),
        ("search dates only", f"{search}?date_from={year}-{month:02d}-01&date_to={year}-{month:02d}-28"),
    ]


def time_page(client: Client, name: str, url: str, repeats: int, reader: str = "anonymous") -> PageTiming:
    secure = getattr(settings, "SECURE_SSL_REDIRECT", False)
    client.get(url, secure=secure)  # warm: caches, translations, the template loader
    timing = PageTiming(name, url, reader=reader)
    for _ in range(repeats):
        timer = _QueryTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(url, secure=secure)
            timing.times.append((time.perf_counter() - started) * 1000)
        timing.statuses.add(response.status_code)
        timing.queries.append(len(timer.statements))
        timing.sql_ms.append(sum(ms for ms, _ in timer.statements))
        slowest = max(timer.statements, default=(0.0, ""))
        timing.slowest_ms.append(slowest[0])
        if slowest[0] >= max(timing.slowest_ms):
            timing.slowest_sql = slowest[1]
    return timing


def p95(times: list[float]) -> float:
    """The nearest-rank 95th percentile (the slowest render when there are fewer than 20)."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _signed_in_client() -> Client:
    """A client signed in as a reader without staff rights (created in the benchmark database)."""
    user, _ = get_user_model().objects.get_or_create(username="bench-reader", defaults={"is_staff": False})
    client = Client()
    client.force_login(user)
    return client


def time_pages(
    out,
    repeats: int = 5,
    pages: list[tuple[str, str]] | None = None,
    hostile: list[tuple[str, str]] | None = None,
) -> list[PageTiming]:
    """Render each representative page ``repeats`` times (after one warm-up) for an anonymous and a
    signed-in reader, then the hostile requests, and print a table: status, p50, p95 and max
    server time, SQL statements, time in SQL, the slowest statement; hostile requests also as a
    ratio of their p50 to the meeting list's."""
    repeats = max(1, repeats)
    started = time.monotonic()
    pages = representative_pages() if pages is None else pages
    hostile = hostile_pages() if hostile is None else hostile
    out(f"Pages picked in {time.monotonic() - started:.1f} s; {repeats} timed renders each.")
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    results = []
    with override_settings(ALLOWED_HOSTS=hosts):
        for reader, client in (("anonymous", Client()), ("signed-in", _signed_in_client())):
            for name, url in pages:
                results.append(time_page(client, name, url, repeats, reader))
        for name, url in hostile:
            results.append(time_page(Client(), name, url, repeats, "anonymous"))
    baseline = next(
        (statistics.median(t.times) for t in results if t.name == "meeting list" and t.reader == "anonymous"),
        None,
    )
    out("")
    out(
        f"{'page':28} {'reader':9} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>7} "
        f"{'SQL ms':>8} {'slowest q':>9} {'× list':>7}  URL"
    )
    for t in results:
        queries = (
            f"{min(t.queries)}" if min(t.queries) == max(t.queries) else f"{min(t.queries)}-{max(t.queries)}"
        )
        p50 = statistics.median(t.times)
        ratio = f"{p50 / baseline:6.1f}×" if baseline and t.name.startswith("hostile") else ""
        out(
            f"{t.name:28} {t.reader:9} {t.status:6} {p50:8.1f} {p95(t.times):8.1f} {max(t.times):8.1f} "
            f"{queries:>7} {statistics.median(t.sql_ms):8.1f} {statistics.median(t.slowest_ms):9.1f} "
            f"{ratio:>7}  {t.url[:120]}"
        )
    public = [t for t in results if not t.name.startswith(("hostile", "search"))]
    out(
        f"Public pages: worst p95 {max(p95(t.times) for t in public):.1f} ms, "
        f"most queries {max(max(t.queries) for t in public)} (targets: 25 ms at 100,000 meetings, 8)."
    )
    for t in results:
        if statistics.median(t.times) > SLOW_MS:
            out(f"  slowest statement of {t.name} ({t.reader}): {' '.join(t.slowest_sql.split())[:300]}")
    return results
