"""API timings for the benchmark archive: pages of 50 meetings (first, middle, last, filtered)
and the busiest meeting's detail, with p50 and p95 server time.

Rendered in-process with Django's test client, as ``benchmarks.pages`` renders the pages (its
``time_page`` times each request and its statements), as an anonymous reader with the
anonymous throttle off (the benchmark is one client asking many times on purpose).
"""

from __future__ import annotations

import statistics

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from api.pagination import ApiPagination

from .pages import LIST_WORD, PageTiming, _visible, busiest_meeting, busiest_person, busiest_unit, time_page


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (p95 of 20 renders is the 19th fastest)."""
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def api_requests() -> list[tuple[str, str]]:
    """(name, URL) of the API requests to time, chosen from the archive in the database."""
    meetings = reverse("api:meeting-list")
    last = max(1, -(-_visible().count() // ApiPagination.page_size))
    requests = [
        ("meetings p.1", meetings),
        (f"meetings p.{max(1, last // 2)}", f"{meetings}?page={max(1, last // 2)}"),
        (f"meetings p.{last}", f"{meetings}?page={last}"),
        (f"meetings q={LIST_WORD}", f"{meetings}?q={LIST_WORD}"),
    ]
    person, unit, meeting = busiest_person(), busiest_unit(), busiest_meeting()
    if person:
        requests.append(("meetings person=", f"{meetings}?person={person.pk}"))
    if unit:
        requests.append(("meetings unit=", f"{meetings}?unit={unit.pk}"))
    if meeting:
        requests.append(("meeting detail", reverse("api:meeting-detail", args=[meeting.pk])))
    requests += [
        ("people p.1", reverse("api:person-list")),
        ("units p.1", reverse("api:unit-list")),
        ("directives p.1", reverse("api:directive-list")),
        ("tasks p.1", reverse("api:task-list")),
    ]
    return requests


def time_api(out, repeats: int = 20, requests: list[tuple[str, str]] | None = None) -> list[PageTiming]:
    """Time each request ``repeats`` times (after one warm-up) and print p50/p95/max and queries."""
    repeats = max(1, repeats)
    requests = api_requests() if requests is None else requests
    results = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], API_ANON_RATE=None):
        client = Client()
        for name, url in requests:
            results.append(time_page(client, name, url, repeats))
    out(f"API: {repeats} timed requests each (anonymous reader, page size {ApiPagination.page_size}).")
    out(f"{'request':22} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>7}  URL")
    for t in results:
        queries = (
            f"{min(t.queries)}" if min(t.queries) == max(t.queries) else f"{min(t.queries)}-{max(t.queries)}"
        )
        out(
            f"{t.name:22} {t.status:6} {statistics.median(t.times):8.1f} {percentile(t.times, 0.95):8.1f} "
            f"{max(t.times):8.1f} {queries:>7}  {t.url}"
        )
    return results
