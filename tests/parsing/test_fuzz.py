"""Mutated pieces of real and written reports never crash the parser, and every span it gives stays inside
the report text (seeded, so a failure reproduces; sized to run in about a second)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from minutes.parsing import parse_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NOISE = [
    "<p>",
    "</p>",
    "&nbsp;",
    "（",
    "）",
    "(",
    ")",
    "：",
    ",",
    "。",
    "\n",
    "???",
    "🎉",
    "1021日",
    "2022829日",
    "撰稿：",
    "——",
    "“",
    "”",
    "、",
    "一是",
    "1.",
    "会议要求",
    "要求",
    "在",
    "前",
    "\u3000",
    " ",
    "\r",
    "<script>",
]


def _cases(n: int = 400):
    texts = [p.read_text(encoding="utf-8-sig", errors="replace") for p in sorted(CORPUS.rglob("texts/*.txt"))]
    rng = random.Random(20261204)
    for _ in range(n):
        base = rng.choice(texts)
        a = rng.randrange(len(base))
        chars = list(base[a : a + rng.randrange(1, 400)])
        for _ in range(rng.randrange(15)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(NOISE))
        yield "".join(chars)


@pytest.mark.parametrize("chunk", range(4))
def test_mutated_reports_parse_and_spans_stay_inside(chunk):
    for k, text in enumerate(_cases()):
        if k % 4 != chunk:
            continue
        for r in parse_text(text, "fuzz.txt").reports:
            spans = [s.span for s in r.speeches] + [d.span for d in r.directives] + [t.span for t in r.tasks]
            assert all(0 <= a <= b <= len(r.text) for a, b in spans), text
