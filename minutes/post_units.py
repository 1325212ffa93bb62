"""The unit a post's title names, for the importing writer: 组织部部长 → 组织部, and 保障部党委书记 →
后勤保障部 when the same report names 后勤保障部. Posts linked to their unit are what a unit page
lists under 人員與職務 (and a tie of the unit to the meeting, ``minutes.models.UNIT_TIES``).

Only units the archive or the report already knows are linked; a title never creates a unit."""

from __future__ import annotations

import re
from collections.abc import Iterable

from minutes.chinese import to_simplified
from orgunits.models import OrgUnit, OrgUnitAlias

# A unit's name is rarely longer; it also bounds the prefixes looked up per title.
LONGEST_UNIT = 24
# Keys per lookup query, well under every database's limit on bound parameters.
BATCH = 500
# A short form (保障部 for 后勤保障部) ends like a unit and has a word before the ending, so neither
# 后勤 nor 中心 (of 中心主任) nor 副处 (of 副处长) stands for one.
SHORTEST_SHORT_FORM = 3
_UNIT_ENDING = re.compile(r"(?:办公室|委员会|中心|集团|公司|[处部科室院办委所站队馆会局厅组社])$")


def title_prefixes(title: str) -> list[str]:
    """The title's beginnings (Simplified) that could be a unit's name, longest first."""
    key = to_simplified(title.strip())
    return [key[:n] for n in range(min(len(key), LONGEST_UNIT), 1, -1)]


class TitleUnits:
    """Units named at the start of a file's post titles, looked up together (two queries per batch)."""

    def __init__(self, titles: Iterable[str], known: dict[str, OrgUnit]):
        # ``known``: the units the writer resolved for the file, by Simplified name or alias.
        self.units = dict(known)
        # Only beginnings that end like a unit are looked up: a title has a dozen beginnings and a
        # large file thousands of titles.
        wanted = sorted(
            {p for t in titles for p in title_prefixes(t) if _UNIT_ENDING.search(p)} - set(self.units)
        )
        for i in range(0, len(wanted), BATCH):
            keys = wanted[i : i + BATCH]
            for unit in OrgUnit.objects.filter(name_simplified__in=keys).order_by("pk"):
                self.units.setdefault(unit.name_simplified, unit)
            for alias in OrgUnitAlias.objects.filter(alias_simplified__in=keys).select_related("unit"):
                self.units.setdefault(alias.alias_simplified, alias.unit)

    def unit_of(self, title: str, report_units: Iterable[OrgUnit | None] = ()) -> OrgUnit | None:
        """The unit ``title`` begins with: a known name or alias (the longest), else the short form of
        exactly one unit of the same report (``report_units``)."""
        prefixes = title_prefixes(title)
        for prefix in prefixes:
            if prefix in self.units:
                return self.units[prefix]
        named = {id(u): u for u in report_units if u is not None}.values()
        for prefix in prefixes:
            if len(prefix) < SHORTEST_SHORT_FORM or not _UNIT_ENDING.search(prefix):
                continue
            longer = [u for u in named if u.name_simplified.endswith(prefix) and u.name_simplified != prefix]
            if len(longer) == 1:
                return longer[0]
        return None
