"""What a search returns: ``SearchResults`` (capped counts per kind, one page of ``Hit``s) and
the highlighted snippet of each hit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString

from minutes.highlighting import Span, mark_source
from minutes.models import Meeting
from people.models import Person

from .models import SearchEntry
from .terms import Word

Kind = SearchEntry.Kind
SNIPPET_CHARS = 120


@dataclass
class Hit:
    """One result row, with where it links and a highlighted snippet."""

    entry: SearchEntry
    needles: list[str]

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def kind_label(self) -> str:
        return Kind(self.entry.kind).label

    @property
    def meeting(self) -> Meeting | None:
        return self.entry.meeting if self.entry.meeting_id else None

    @cached_property
    def url(self) -> str:
        entry = self.entry
        try:
            if entry.kind == Kind.PERSON:
                return reverse("people:person_detail", args=[entry.object_id])
            if entry.kind == Kind.UNIT:
                return reverse("orgunits:unit_detail", args=[entry.object_id])
            base = reverse("minutes:meeting_detail", args=[entry.meeting_id])
        except NoReverseMatch:  # the page is not wired up yet
            return ""
        return f"{base}#{entry.anchor}" if entry.anchor else base

    @cached_property
    def title(self) -> str:
        entry = self.entry
        if entry.kind in (Kind.PERSON, Kind.UNIT):
            return entry.label if entry.kind == Kind.UNIT else entry.text if entry.part == 0 else ""
        return self.meeting.name if self.meeting else entry.label

    @cached_property
    def snippet(self) -> SafeString:
        return highlight(self.entry.text, self.entry.text_folded, self.needles)


def match_spans(folded: str, needles: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of every needle in the folded text."""
    spans = []
    for needle in needles:
        if not needle:
            continue
        start = folded.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, folded: str, needles: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """An escaped window of ``text`` around the first match, each match wrapped in <mark>. The
    matches are found in the folded copy; folding keeps length, so the offsets hold in ``text``."""
    spans = match_spans(folded, needles)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    marks = [Span(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    return format_html(
        "{}{}{}",
        "…" if start > 0 else "",
        mark_source(text[start:end], marks),
        "…" if end < len(text) else "",
    )


@dataclass
class SearchResults:
    """What the page shows: per-kind counts (capped), the total, and one page of hits."""

    query: str
    words: list[Word]
    counts: dict[str, int]
    total: int
    capped: bool
    hits: list[Hit]
    offset: int
    limit: int

    @property
    def people(self) -> list[Person]:
        """People a pinyin query resolved to."""
        seen: dict[int, Person] = {}
        for word in self.words:
            for person in word.people:
                seen.setdefault(person.pk, person)
        return list(seen.values())

    def groups(self) -> list[tuple[str, str, list[Hit]]]:
        """This page's hits grouped by kind, kinds in their fixed order, ranking kept within."""
        by_kind: dict[str, list[Hit]] = {}
        for hit in self.hits:
            by_kind.setdefault(hit.kind, []).append(hit)
        return [(k.value, k.label, by_kind[k.value]) for k in Kind if k.value in by_kind]

    def count_list(self) -> list[tuple[str, str, int]]:
        return [(k.value, k.label, self.counts[k.value]) for k in Kind if self.counts.get(k.value)]
