"""The small activity charts on a person's and a unit's page: meetings per month over the years
shown, and how they took part.

Both count exactly the meetings the page lists (``involving_person`` / ``involving_unit`` over
``visible_to``), so a chart never disagrees with the page under it, and each role is the meeting
list's role filter (``?person=N&role=…``) or the unit's UNIT_TIES tie of that role. A person's
page and a unit's count theirs with one grouped query each, not by reading the meetings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .charts import Chart
from .models import PERSON_TIES, UNIT_TIES, Meeting, involvement, person_ties
from .stats import Table

# The chart covers at most this many years, the latest with a meeting last.
YEARS = 6

# (role, label): roles of the meeting list's person filter, in the order the chart shows them.
PERSON_ROLES = (
    ("chaired", gettext_lazy("主持")),
    ("spoke", gettext_lazy("發言")),
    ("attended", gettext_lazy("出席")),
    ("directive", gettext_lazy("提出要求")),
)
# Every role of PERSON_TIES, each counted as the meeting list's role filter counts it.
PERSON_TIE_ROLES = ("chaired", "spoke", "attended", "appointed", "announced", "directive", "read", "post")
# The roles in which a person was at the meeting: being appointed or holding a post seen there
# does not say so.
PRESENT_ROLES = frozenset({"chaired", "spoke", "attended", "announced", "directive", "read"})
# (role of UNIT_TIES, label)
UNIT_ROLES = (
    ("organized", gettext_lazy("主辦")),
    ("attended", gettext_lazy("出席")),
    ("spoke", gettext_lazy("發言")),
    ("task", gettext_lazy("承擔任務")),
    ("appointed", gettext_lazy("任免")),
)


@dataclass(frozen=True)
class Activity:
    """A page's activity charts, and how many meetings they count (dated or not)."""

    charts: list[Chart]
    total: int


def per_month(key: str, counts: Counter) -> Chart | None:
    """Meetings per (year, month): one column per month from the first January to the last
    December of the years shown, the year written under each January."""
    dated = {ym: n for ym, n in counts.items() if ym[0] and ym[1] and n}
    if not dated:
        return None
    last = max(year for year, _month in dated)
    first = max(min(year for year, _month in dated), last - YEARS + 1)
    months = [(year, month) for year in range(first, last + 1) for month in range(1, 13)]
    rows = [(_("%(year)d年%(month)d月") % {"year": y, "month": m}, [dated.get((y, m), 0)]) for y, m in months]
    return Chart(
        f"{key}-months",
        _("每月會議次數"),
        _("%(first)d年至%(last)d年，每月一欄，共%(n)d次有日期的會議。")
        % {"first": first, "last": last, "n": sum(dated.get(ym, 0) for ym in months)},
        _("月份"),
        Table([_("會議")], rows),
        horizontal=False,
        axis_labels=[str(y) if m == 1 else "" for y, m in months],
    )


def by_role(key: str, counts: Iterable[tuple[str, int]]) -> Chart:
    return Chart(
        f"{key}-roles",
        _("參與方式"),
        _("以各種方式參與的會議次數；一次會議可有多種方式。"),
        _("方式"),
        Table([_("會議")], [(str(label), [n]) for label, n in counts]),
        horizontal=True,
    )


def person_activity(meetings: QuerySet[Meeting], person) -> tuple[Activity, dict[str, int]]:
    """One grouped query over ``meetings.involving_person(person, whole=True)`` (the meetings the
    person's page lists): per (year, month), how many, how many in each chart role (the meeting
    list's role filter: a chairing attendance is chaired and attended), and how many ``present``
    (the ties of ``present`` roles). Returns the charts and the totals of the page's head
    (``meetings``, ``present`` and each role of PERSON_TIES), whatever page of the timeline is shown."""
    filters = {role: involvement(person_ties(role), person) for role in PERSON_TIE_ROLES}
    filters["present"] = involvement(tuple(tie for tie in PERSON_TIES if tie.role in PRESENT_ROLES), person)
    rows = list(
        meetings.involving_person(person, whole=True)
        .order_by()
        .values("year", "month")
        .annotate(n=Count("pk"), **{f"n_{role}": Count("pk", filter=q) for role, q in filters.items()})
    )
    months = Counter({(row["year"], row["month"]): row["n"] for row in rows})
    totals = {role: sum(row[f"n_{role}"] for row in rows) for role in filters}
    totals["meetings"] = sum(row["n"] for row in rows)
    roles = [(label, totals[role]) for role, label in PERSON_ROLES]
    charts = [chart for chart in (per_month("person", months), by_role("person", roles)) if chart]
    return Activity(charts if rows else [], totals["meetings"]), totals


def unit_activity(unit, meetings: QuerySet[Meeting]) -> Activity:
    """One grouped query over ``meetings.involving_unit(unit)``: per (year, month), how many, and how
    many through each role."""
    filters = {
        role: involvement(tuple(tie for tie in UNIT_TIES if tie.role == role), unit)
        for role, _label in UNIT_ROLES
    }
    rows = list(
        meetings.involving_unit(unit)
        .order_by()
        .values("year", "month")
        .annotate(n=Count("pk"), **{f"n_{role}": Count("pk", filter=q) for role, q in filters.items()})
    )
    months = Counter({(row["year"], row["month"]): row["n"] for row in rows})
    total = sum(row["n"] for row in rows)
    roles = [(label, sum(row[f"n_{role}"] for row in rows)) for role, label in UNIT_ROLES]
    charts = [chart for chart in (per_month("unit", months), by_role("unit", roles)) if chart]
    return Activity(charts if total else [], total)
