"""The one text normalisation both the index and the queries go through.

``fold`` makes a same-length comparison copy of any text: Traditional → Simplified (OpenCC t2s,
one to one), full-width ASCII → ASCII, ASCII lower-cased. Offsets found in the folded copy are
therefore valid in the original, which is how snippets are highlighted in the stored text.

``index_tokens`` turns folded text into the token string that PostgreSQL's ``simple`` parser and
SQLite's FTS5 ``unicode61`` tokenizer both split on spaces: overlapping CJK bigrams, each run's
last character on its own (so a one-character query has a token to prefix-match), ASCII words,
and a separator token between runs so a phrase can never match across punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutes.chinese import to_simplified

SEPARATOR = "zzsep"
# Keep rows well under PostgreSQL's 16,383 tsvector positions (one position per character).
CHUNK_CHARS = 4000

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
# Full-width ASCII (！ … ～) → ASCII, so "後勤,改革" and "後勤，改革" fold alike.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")


def fold(text: str) -> str:
    """Same-length comparison copy: simplified, half-width, ASCII lower-case."""
    if not text:
        return ""
    folded = to_simplified(text).translate(_FULLWIDTH)
    folded = "".join(ch.lower() if ch.isascii() else ch for ch in folded)
    assert len(folded) == len(text), "fold must preserve length"
    return folded


@dataclass(frozen=True)
class Run:
    """A maximal run of CJK characters or of ASCII letters/digits in folded text."""

    text: str
    is_cjk: bool


def runs(folded: str) -> list[Run]:
    return [Run(m.group(), bool(_IS_CJK.match(m.group()))) for m in _RUN.finditer(folded)]


def run_tokens(run: Run) -> list[str]:
    """Tokens of one run, at consecutive positions."""
    if not run.is_cjk:
        return [run.text]
    chars = run.text
    return [chars[i : i + 2] for i in range(len(chars) - 1)] + [chars[-1]]


def index_tokens(folded: str) -> str:
    """The space-separated token text stored in the index's ``bigrams`` column. Runs that touch
    (``科学馆207``) follow each other directly; anything between runs becomes a separator."""
    out: list[str] = []
    end = None
    for match in _RUN.finditer(folded):
        if out and match.start() != end:
            out.append(SEPARATOR)
        out.extend(run_tokens(Run(match.group(), bool(_IS_CJK.match(match.group())))))
        end = match.end()
    return " ".join(out)


@dataclass(frozen=True)
class Phrase:
    """Tokens a query must find at consecutive positions; the last may be a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


def query_phrases(folded: str) -> list[Phrase]:
    """The phrases of one query word. Touching runs make one phrase (a CJK run followed by
    another run keeps its trailing single, as the index does); a gap starts a new phrase. A
    one-character CJK ending is a prefix, matching any bigram that starts with it."""
    phrases: list[Phrase] = []
    tokens: list[str] = []
    prefix = False
    end = None
    matches = list(_RUN.finditer(folded))
    for i, match in enumerate(matches):
        if tokens and match.start() != end:
            phrases.append(Phrase(tuple(tokens), prefix))
            tokens = []
        run = Run(match.group(), bool(_IS_CJK.match(match.group())))
        touches_next = i + 1 < len(matches) and matches[i + 1].start() == match.end()
        if not run.is_cjk:
            tokens.append(run.text)
            prefix = False
        elif touches_next:
            tokens.extend(run_tokens(run))
            prefix = False
        elif len(run.text) == 1:
            tokens.append(run.text)
            prefix = True
        else:
            tokens.extend(run.text[i : i + 2] for i in range(len(run.text) - 1))
            prefix = False
        end = match.end()
    if tokens:
        phrases.append(Phrase(tuple(tokens), prefix))
    return phrases


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split ``text`` into (offset, piece) pieces of at most ``size`` characters, at sentence ends
    where possible so no phrase is cut in two."""
    if len(text) <= size:
        return [(0, text)] if text else []
    pieces: list[tuple[int, str]] = []
    start = 0
    current = ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > size:  # an endless sentence: cut it hard
            if current:
                pieces.append((start, current))
                start += len(current)
                current = ""
            pieces.append((start, sentence[:size]))
            start += size
            sentence = sentence[size:]
        if len(current) + len(sentence) > size:
            pieces.append((start, current))
            start += len(current)
            current = ""
        current += sentence
    if current:
        pieces.append((start, current))
    return pieces
