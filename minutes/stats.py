"""Activity statistics (/stats/): how often meetings are held, by whom, and how their directives
and tasks are carried out, counted over the meetings the reader may see.

Every count starts from ``Meeting.objects.visible_to(user)``, narrowed by the page's year and unit
(``involving_unit``, the one relation definition), so a chart never disagrees with the lists. Each
function is one grouped query over indexed columns and returns plain rows for the chart, its
table and its CSV alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import Directive, FollowUp, Meeting, Speech, Task

TOP = 10
# Years shown in the per-unit table, most recent first.
YEARS_SHOWN = 5


@dataclass(frozen=True)
class Table:
    """A chart's numbers: column headings, then one row per label with its values."""

    headings: list[str]
    rows: list[tuple[str, list[int]]]

    @property
    def labels(self) -> list[str]:
        return [label for label, _values in self.rows]

    def column(self, index: int) -> tuple[int, ...]:
        return tuple(values[index] for _label, values in self.rows)


def year_choices(meetings: QuerySet[Meeting]) -> list[int]:
    """Every year from the latest with a meeting back to the earliest, newest first (two index
    lookups rather than a DISTINCT over every meeting)."""
    known = meetings.exclude(year=None)
    last = known.order_by("-year").values_list("year", flat=True).first()
    first = known.order_by("year").values_list("year", flat=True).first()
    return list(range(last, first - 1, -1)) if last else []


def meetings_per_month(meetings: QuerySet[Meeting], year: int) -> Table:
    """Meetings of ``year`` per month, one column per meeting kind that occurs."""
    counts = {
        (row["month"], row["kind"]): row["n"]
        for row in meetings.filter(year=year, month__isnull=False)
        .order_by()
        .values("month", "kind")
        .annotate(n=Count("pk"))
    }
    kinds = [kind for kind in Meeting.Kind if any(k == kind for _m, k in counts)]
    rows = [(str(month), [counts.get((month, kind), 0) for kind in kinds]) for month in range(1, 13)]
    return Table([str(kind.label) for kind in kinds], rows)


def meetings_per_unit(meetings: QuerySet[Meeting], years: list[int]) -> Table:
    """Meetings each organising unit held in ``years`` (one column each), the busiest first."""
    counts: dict[tuple[int, str], dict[int, int]] = {}
    for row in (
        meetings.filter(organizer__isnull=False, year__in=years)
        .order_by()
        .values("organizer", "organizer__name", "year")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault((row["organizer"], row["organizer__name"]), {})[row["year"]] = row["n"]
    ranked = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0][1]))[:TOP]
    return Table(
        [str(year) for year in years], [(name, [c.get(y, 0) for y in years]) for (_pk, name), c in ranked]
    )


def follow_up_per_unit(meetings: QuerySet[Meeting], today: datetime.date) -> Table:
    """Directives and tasks per responsible unit (the board's rule: a task's owner unit, a
    directive's meeting organiser): done, still open, and overdue among the open."""
    ids = meetings.values("pk")
    totals: dict[str, list[int]] = {}

    def add(rows, name_field):
        for row in rows:
            done, open_, late = totals.setdefault(row[name_field], [0, 0, 0])
            totals[row[name_field]] = [done + row["done"], open_ + row["open"], late + row.get("late", 0)]

    add(
        Directive.objects.filter(meeting__in=ids, meeting__organizer__isnull=False)
        .order_by()
        .values("meeting__organizer__name")
        .annotate(
            done=Count("pk", filter=Q(status=FollowUp.DONE)),
            open=Count("pk", filter=~Q(status=FollowUp.DONE)),
        ),
        "meeting__organizer__name",
    )
    add(
        Task.objects.filter(meeting__in=ids, owner_unit__isnull=False)
        .order_by()
        .values("owner_unit__name")
        .annotate(
            done=Count("pk", filter=Q(status=FollowUp.DONE)),
            open=Count("pk", filter=~Q(status=FollowUp.DONE)),
            late=Count("pk", filter=~Q(status=FollowUp.DONE) & Q(due_date__lt=today)),
        ),
        "owner_unit__name",
    )
    ranked = sorted(totals.items(), key=lambda item: (-(item[1][0] + item[1][1]), item[0]))[:TOP]
    return Table([], [(name, [done, open_ - late, late]) for name, (done, open_, late) in ranked])


def top_speakers(meetings: QuerySet[Meeting]) -> Table:
    rows = (
        Speech.objects.filter(meeting__in=meetings.values("pk"), person__isnull=False)
        .order_by()
        .values("person", "person__name")
        .annotate(n=Count("meeting", distinct=True))
        .order_by("-n", "person__name")[:TOP]
    )
    return Table([], [(row["person__name"], [row["n"]]) for row in rows])


def top_chairs(meetings: QuerySet[Meeting]) -> Table:
    rows = (
        meetings.filter(chair__isnull=False)
        .order_by()
        .values("chair", "chair__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "chair__name")[:TOP]
    )
    return Table([], [(row["chair__name"], [row["n"]]) for row in rows])
