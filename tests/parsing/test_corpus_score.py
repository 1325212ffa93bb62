"""The parser against the golden corpus in tests/corpus, with the same scorer as the shared one.

A floor, not a target: a change that makes extraction worse on the written reports fails here.
"""

import json
from pathlib import Path

import pytest

from minutes.parsing import extraction_document, parse_path
from tests.tools.score_extraction import FIELDS, Tally, score

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
OVERALL_FLOOR = 0.95
FIELD_FLOOR = 0.85


@pytest.fixture(scope="module")
def tally():
    totals = {field: Tally() for field in FIELDS}
    for text in sorted((CORPUS / "texts").glob("*.txt")):
        gold = CORPUS / "gold" / f"{text.stem}.json"
        if gold.exists():
            predicted = extraction_document([parse_path(text)])
            score(json.loads(gold.read_text(encoding="utf-8")), predicted, totals)
    return totals


def test_the_corpus_is_there():
    assert len(list((CORPUS / "gold").glob("*.json"))) >= 20


def test_overall_f1_stays_above_the_floor(tally):
    values = [t.f1() for t in tally.values() if t.f1() is not None]
    overall = sum(values) / len(values)
    assert overall >= OVERALL_FLOOR, f"overall F1 {overall:.3f}"


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_stays_above_the_floor(tally, field):
    f1 = tally[field].f1()
    assert f1 is None or f1 >= FIELD_FLOOR, f"{field}: F1 {f1:.3f}"
