"""A query's words: ``parse_query`` turns the text typed into ``Word``s, each one or more
``Alternative`` phrases of index tokens (a pinyin word also the names of the people it spells).

No database vendor appears here: the backends (search/backends/) turn words into conditions, and
search/statistics.py bounds how many rows they match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import QuerySet

from minutes.chinese import looks_like_pinyin, normalize_pinyin_query
from people.models import Person

from .text import Phrase, fold, query_phrases

MAX_PINYIN_PEOPLE = 20


_WORDS = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)')


_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class Alternative:
    """One way a word can match: a folded literal and the phrases it needs."""

    literal: str
    phrases: tuple[Phrase, ...]

    @property
    def needs_recheck(self) -> bool:
        return len(self.phrases) > 1


@dataclass
class Word:
    text: str
    alternatives: list[Alternative] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    @property
    def needs_recheck(self) -> bool:
        return any(a.needs_recheck for a in self.alternatives)


def _alternative(text: str) -> Alternative | None:
    literal = fold(text).strip()
    phrases = tuple(query_phrases(literal))
    return Alternative(literal, phrases) if phrases else None


def _people_for_pinyin(text: str, people: QuerySet[Person]) -> list[Person]:
    key = normalize_pinyin_query(text)
    if len(key) < 2:
        return []
    exact = list(people.filter(pinyin_keys__key=key).distinct()[:MAX_PINYIN_PEOPLE])
    if exact:
        return exact
    return list(people.filter(pinyin_keys__key__startswith=key).distinct()[:MAX_PINYIN_PEOPLE])


def _word(text: str, people: list[Person] | None = None) -> Word | None:
    word = Word(text, people=people or [])
    literal = _alternative(text)
    if literal:
        word.alternatives.append(literal)
    for person in word.people:
        alt = _alternative(person.name)
        if alt and alt not in word.alternatives:
            word.alternatives.append(alt)
    return word if word.alternatives else None


def parse_query(q: str, user=None) -> list[Word]:
    """Words of the query; pinyin (the whole query, or single Latin words) becomes the names of
    people ``user`` may know of (a hidden person's name would tell that they exist)."""
    known = Person.objects.visible_to(user)
    q = (q or "").strip()
    if not q:
        return []
    if looks_like_pinyin(q) and " " in q:  # "zhang maizeng": try the whole query as one name first
        people = _people_for_pinyin(q, known)
        if people:
            word = Word(q, people=people)
            for person in people:
                alt = _alternative(person.name)
                if alt and alt not in word.alternatives:
                    word.alternatives.append(alt)
            return [word]
    words = []
    for match in _WORDS.finditer(q):
        quoted = next((g for g in match.groups()[:3] if g is not None), None)
        text = quoted if quoted is not None else _EDGE_PUNCT.sub("", match.group(4))
        if not text.strip():
            continue
        people = _people_for_pinyin(text, known) if quoted is None and looks_like_pinyin(text) else []
        word = _word(text, people)
        if word:
            words.append(word)
    return words
