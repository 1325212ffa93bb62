"""The search benchmark: a deterministic synthetic archive, a fixed query mix, and the naive way.

The people, units and sentences come from here; ``benchmarks.load.load_archive`` writes the archive
(COPY on PostgreSQL, batched inserts on SQLite). ``run_mix`` times
``search.query.search`` (first page + capped total) per query class; ``run_naive`` does the same
mix the way Django's admin search does (``icontains`` across the same fields, AND of words).
The command in management/commands/bench_search.py runs all this in a throw-away database.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from minutes.chinese import initials_of, pinyin_keys, pinyin_of, to_simplified
from minutes.models import Appointment, Decision, Directive, Meeting, Speech, Task
from orgunits.models import OrgUnit
from people.models import Person, PersonPinyinKey
from search import indexing
from search.models import SearchEntry
from search.query import parse_query, search

from . import data

SEED = 20240719
BATCH_MEETINGS = 500
SPEECHES_PER_MEETING = (5, 15)  # about 10 on average: 100,000 meetings ≈ 1,000,000 paragraphs


# ---------------------------------------------------------------- the archive


def _people(rng: random.Random, count: int) -> list[str]:
    names = list(dict.fromkeys([*data.CORPUS_NAMES, "甄岑", "曾國強", "單雄信", "解小東", "仇大海", "覃明"]))
    while len(names) < count:
        name = rng.choice(data.SURNAMES) + "".join(
            rng.choice(data.GIVEN) for _ in range(rng.choice((1, 2, 2)))
        )
        if name not in names:
            names.append(name)
    return names


def create_people_and_units(rng: random.Random, people: int = 2000) -> tuple[list[Person], list[OrgUnit]]:
    units = [OrgUnit(name=name, name_simplified=to_simplified(name)) for name in data.UNITS]
    OrgUnit.objects.bulk_create(units)
    persons = []
    for name in _people(rng, people):
        person = Person(name=name)
        person.name_simplified = to_simplified(name)
        person.name_traditional = name
        person.pinyin = pinyin_of(name)
        person.initials = initials_of(name)
        persons.append(person)
    Person.objects.bulk_create(persons, batch_size=1000)
    keys = [PersonPinyinKey(person=p, key=k) for p in persons for k in sorted(pinyin_keys(p.name))]
    PersonPinyinKey.objects.bulk_create(keys, batch_size=5000)
    entries = [e for p in persons for e in indexing.person_entries(p)]
    entries += [e for u in units for e in indexing.unit_entries(u, [])]
    SearchEntry.objects.bulk_create(entries, batch_size=2000)
    return persons, units


class _TextMaker:
    """Paragraphs of corpus clauses; rare strings are planted a fixed number of times."""

    def __init__(self, rng: random.Random, paragraphs: int):
        self.rng = rng
        self.plants: dict[int, str] = {}
        for rare, count in data.RARE.items():
            for _ in range(count):
                self.plants[rng.randrange(paragraphs)] = rare
        for decoy in data.DECOYS:
            for _ in range(10):
                self.plants.setdefault(rng.randrange(paragraphs), decoy)
        self.n = 0

    def paragraph(self) -> str:
        rng = self.rng
        clauses = [rng.choice(data.CLAUSES) for _ in range(rng.randint(3, 8))]
        planted = self.plants.get(self.n)
        if planted:
            clauses.insert(rng.randrange(len(clauses) + 1), planted)
        self.n += 1
        return "，".join(clauses) + "。"


# ---------------------------------------------------------------- the query mix


def query_mix(
    persons_by_name: dict[str, Person], units_by_name: dict[str, OrgUnit]
) -> list[tuple[str, str, dict]]:
    """(class, query, filters) — the fixed mix. Filters name people/units present in every archive."""
    gc = persons_by_name.get("張國臣")
    return [
        ("rare name/string", "甄岑", {}),
        ("rare name/string", "聶海濤", {}),
        ("rare name/string", "鞏曉燕", {}),
        ("common name", "張國臣", {}),
        ("common name", "柴渭", {}),
        ("common name", "張邁曾", {}),
        ("1 char", "勤", {}),
        ("1 char", "柴", {}),
        ("1 char", "曾", {}),
        ("2 chars", "宿舍", {}),
        ("2 chars", "後勤", {}),
        ("2 chars", "改革", {}),
        ("3 chars", "責任感", {}),
        ("3 chars", "新學期", {}),
        ("3 chars", "紀律性", {}),
        ("6 chars", "後勤改革方案", {}),
        ("6 chars", "鞏曉燕副校長", {}),
        ("6 chars", "全身心的投入", {}),
        ("phrase", '"統一思想認識"', {}),
        ("phrase", "後勤改革 方案", {}),
        ("phrase", "講政治，從學校", {}),
        ("pinyin", "zmz", {}),
        ("pinyin", "zhang guochen", {}),
        ("pinyin", "chaiwei", {}),
        ("filters+words", "宿舍", {"person": gc, "year": 2023}),
        ("filters+words", "改革", {"year": 2020, "month": 7}),
        ("filters+words", "維修", {"unit": units_by_name.get("物業處"), "sort": "date"}),
    ]


@dataclass
class ClassTimes:
    times: list[float] = field(default_factory=list)
    totals: list[str] = field(default_factory=list)

    def summary(self) -> tuple[float, float, float]:
        ordered = sorted(self.times)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return statistics.median(ordered), p95, ordered[-1]


def run_mix(mix, *, repeats: int = 5) -> dict[str, ClassTimes]:
    """Time the first page (20 hits) plus capped counts of every query, ``repeats`` times."""
    out: dict[str, ClassTimes] = {}
    for _ in range(repeats):
        for klass, q, filters in mix:
            started = time.perf_counter()
            results = search(q, user=None, limit=20, **filters)
            elapsed = (time.perf_counter() - started) * 1000
            entry = out.setdefault(klass, ClassTimes())
            entry.times.append(elapsed)
            if len(entry.totals) < sum(1 for k, *_ in mix if k == klass):
                entry.totals.append(f"{q}={results.total}{'+' if results.capped else ''}")
    return out


NAIVE_FIELDS = {
    Meeting: ("name", "venue", "date_text", "summary", "chair_label"),
    Speech: ("text", "speaker_label"),
    Directive: ("text", "issuer_label"),
    Task: ("text",),
    Decision: ("title",),
    Appointment: ("post", "person__name"),
}


def naive_search(q: str, *, person=None, year=None, month=None, unit=None, sort=None) -> int:
    """The admin way: every word icontains any field, per model; count and the first 20 of each."""
    words = [w.strip('"') for w in q.split()]
    resolved = parse_query(q)
    if any(w.people for w in resolved):  # pinyin: the naive way has no pinyin; give it the names
        words = [resolved[0].people[0].name]
    total = 0
    for model, fields in NAIVE_FIELDS.items():
        prefix = "" if model is Meeting else "meeting__"
        qs = model.objects.filter(
            **{f"{prefix}status": Meeting.Status.PUBLISHED, f"{prefix}visibility": Meeting.Visibility.PUBLIC}
        )
        for word in words:
            condition = Q()
            for name in fields:
                condition |= Q(**{f"{name}__icontains": word})
            qs = qs.filter(condition)
        if year:
            qs = qs.filter(**{f"{prefix}year": year})
        if month:
            qs = qs.filter(**{f"{prefix}month": month})
        # The filters mean what the search's mean (any role; any tie to the unit), as an admin's
        # list_filter would write them: joins and DISTINCT.
        if person is not None:
            qs = qs.filter(
                Q(**{f"{prefix}chair": person})
                | Q(**{f"{prefix}attendances__person": person})
                | Q(**{f"{prefix}speeches__person": person})
                | Q(**{f"{prefix}appointments__person": person})
                | Q(**{f"{prefix}directives__issuer": person})
            ).distinct()
        if unit is not None:
            qs = qs.filter(
                Q(**{f"{prefix}organizer": unit})
                | Q(**{f"{prefix}attendances__unit": unit})
                | Q(**{f"{prefix}speeches__unit": unit})
                | Q(**{f"{prefix}appointments__unit": unit})
                | Q(**{f"{prefix}tasks__owner_unit": unit})
            ).distinct()
        total += qs.count()
        list(qs.order_by(f"-{prefix}date")[:20])
    total += Person.objects.filter(name__icontains=words[0]).count()
    return total


def run_naive(mix, *, repeats: int = 1) -> dict[str, ClassTimes]:
    out: dict[str, ClassTimes] = {}
    for _ in range(repeats):
        for klass, q, filters in mix:
            started = time.perf_counter()
            total = naive_search(q, **filters)
            elapsed = (time.perf_counter() - started) * 1000
            entry = out.setdefault(klass, ClassTimes())
            entry.times.append(elapsed)
            entry.totals.append(f"{q}={total}")
    return out


def query_speedups(mix, fast: dict[str, ClassTimes], naive: dict[str, ClassTimes]) -> list[float]:
    """Per query of the mix, its naive median time over its search median time. Each class's
    times are its queries' in turn, one round of the mix after another."""
    speedups = []
    for klass in fast:
        n = sum(1 for k, *_ in mix if k == klass)
        for i in range(n):
            speedups.append(
                statistics.median(naive[klass].times[i::n]) / statistics.median(fast[klass].times[i::n])
            )
    return speedups


def index_size_bytes() -> dict[str, int]:
    """Bytes of the index table (with its tsvector or FTS5 tables) and of its full-text index."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchentry'), pg_relation_size('searchentry_tsv_gin')"
            )
            table, fulltext = cursor.fetchone()
            return {"index table (all, incl. indexes)": table, "GIN on tsv": fulltext}
        cursor.execute("SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name")
        sizes = dict(cursor.fetchall())
        fts = sum(v for k, v in sizes.items() if k.startswith("search_fts"))
        return {"index table (all, incl. indexes)": sum(sizes.values()), "FTS5 tables": fts}
