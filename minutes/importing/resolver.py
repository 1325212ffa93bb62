"""People and units named in a file, found by name in either script or created."""

from __future__ import annotations

from collections.abc import Iterable

from minutes.chinese import initials_of, pinyin_keys, pinyin_of, to_simplified, to_traditional
from minutes.importing.fields import cut
from minutes.importing.history import IMPORT_REASON, bulk_create
from minutes.importing.kinds import guess_unit_kind
from minutes.importing.results import FileResult
from minutes.parsing.model import ParsedReport
from orgunits.models import OrgUnit, OrgUnitAlias
from people.models import Person, PersonPinyinKey
from search.indexing import insert_entries, person_entries, reindex_unit, unit_entries


class Resolver:
    """People and units for one file: looked up in bulk, created in bulk, cached by simplified name."""

    def __init__(self, *, user, stamp, result: FileResult):
        self.user = user
        self.stamp = stamp
        self.result = result
        self.people: dict[str, Person] = {}
        self.units: dict[str, OrgUnit] = {}
        # ids of the Person and OrgUnit objects this file created: names the archive did not know.
        self.created: set[int] = set()

    def load(self, reports: Iterable[ParsedReport]) -> None:
        """Every person and unit the reports name, in two lookups for the whole file."""
        names: list[str | None] = []
        units: list[str | None] = []
        aliases: list[tuple[str, str]] = []
        for r in reports:
            names.append(r.meeting.chair)
            names.extend(p.name for p in r.people)
            names.extend(r.attendees)
            names.extend(s.speaker for s in r.speeches)
            names.extend(d.issuer for d in r.directives)
            names.extend(a.person for a in r.appointments)
            names.extend(a.announced_by for a in r.appointments)
            names.extend(d.read_by for d in r.decisions)
            units.append(r.meeting.organizer)
            units.extend(r.org_units)
            units.extend(s.speaker_unit for s in r.speeches)
            units.extend(a.unit for a in r.appointments)
            units.extend(t.owner_unit for t in r.tasks)
            aliases.extend(r.unit_aliases)
        self.load_people(names)
        self.load_units(units, aliases)

    # people
    def load_people(self, names: Iterable[str | None]) -> None:
        wanted: dict[str, str] = {}
        for name in names:
            name = cut(Person, "name", name)
            key = to_simplified(name)
            if key and key not in self.people:
                wanted.setdefault(key, name)
        if not wanted:
            return
        for person in Person.objects.filter(name_simplified__in=list(wanted)).order_by("pk"):
            self.people.setdefault(person.name_simplified, person)
        new = []
        for key, name in wanted.items():
            if key in self.people:
                continue
            # The same derived fields Person.save() fills, so the rows can be created in bulk.
            person = Person(
                name=name,
                name_simplified=key,
                name_traditional=to_traditional(key),
                pinyin=pinyin_of(name),
                initials=initials_of(name),
            )
            new.append(person)
            self.people[key] = person
        if new:
            bulk_create(Person, new, user=self.user, reason=IMPORT_REASON, stamp=self.stamp)
            self.created.update(id(p) for p in new)
            PersonPinyinKey.objects.bulk_create(
                [PersonPinyinKey(person=p, key=k) for p in new for k in sorted(pinyin_keys(p.name))]
            )
            self.result.people_created += len(new)
            # bulk_create sends no signals: put the new people in the search index here.
            insert_entries([e for p in new for e in person_entries(p)])

    def person(self, name: str | None) -> Person | None:
        if not name:
            return None
        return self.people.get(to_simplified(cut(Person, "name", name)))

    # units
    def load_units(self, names: Iterable[str | None], aliases: Iterable[tuple[str, str]]) -> None:
        aliases = [(cut(OrgUnit, "name", n), cut(OrgUnitAlias, "alias", a)) for n, a in aliases if n and a]
        wanted: dict[str, str] = {}
        for name in [*names, *(n for n, _a in aliases), *(a for _n, a in aliases)]:
            name = cut(OrgUnit, "name", name)
            key = to_simplified(name)
            if key and key not in self.units:
                wanted.setdefault(key, name)
        if wanted:
            keys = list(wanted)
            for unit in OrgUnit.objects.filter(name_simplified__in=keys).order_by("pk"):
                self.units.setdefault(unit.name_simplified, unit)
            for alias in OrgUnitAlias.objects.filter(alias_simplified__in=keys).select_related("unit"):
                self.units.setdefault(alias.alias_simplified, alias.unit)
        new_units: list[OrgUnit] = []
        new_aliases: list[OrgUnitAlias] = []

        def unit_for(name: str) -> OrgUnit:
            key = to_simplified(name)
            if key not in self.units:
                unit = OrgUnit(name=name, name_simplified=key, kind=guess_unit_kind(name))
                new_units.append(unit)
                self.units[key] = unit
            return self.units[key]

        pending_aliases: list[tuple[OrgUnit, str]] = []
        for name, alias in aliases:
            a_key = to_simplified(alias)
            if a_key == to_simplified(name):
                continue
            known = self.units.get(a_key)
            if known is not None and to_simplified(name) not in self.units:
                # Only the alias is known: the bracketed name is another name of that unit.
                self.units[to_simplified(name)] = known
                continue
            unit = unit_for(name)
            if known is None:
                self.units[a_key] = unit
                pending_aliases.append((unit, alias))
            elif known is not unit:
                self.result.warnings.append(
                    f"{self.result.path}: unit alias {alias!r} of {name!r} already names {known.name!r}; not added"
                )
        for key, name in wanted.items():
            if key not in self.units:
                unit_for(name)
        if new_units:
            bulk_create(OrgUnit, new_units, user=self.user, reason=IMPORT_REASON, stamp=self.stamp)
            self.created.update(id(u) for u in new_units)
            self.result.units_created += len(new_units)
            insert_entries([e for u in new_units for e in unit_entries(u, aliases=[])])
        for unit, alias in pending_aliases:
            new_aliases.append(OrgUnitAlias(unit=unit, alias=alias, alias_simplified=to_simplified(alias)))
        if new_aliases:
            bulk_create(OrgUnitAlias, new_aliases, user=self.user, reason=IMPORT_REASON, stamp=self.stamp)
            self.result.aliases_created += len(new_aliases)
            # New units were indexed without aliases; index every unit that gained one again.
            for unit in {a.unit.pk: a.unit for a in new_aliases}.values():
                reindex_unit(unit)

    def unit(self, name: str | None) -> OrgUnit | None:
        if not name:
            return None
        return self.units.get(to_simplified(cut(OrgUnit, "name", name)))
