"""Shared Chinese-text helpers: OpenCC t2s and a lazily loaded, quiet jieba.

All pattern matching runs on Simplified text.  OpenCC t2s maps one character to
one character, so an offset into the Simplified text is an offset into the text
as written; ``to_simplified`` asserts that.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from functools import lru_cache

_lock = threading.Lock()
_jieba = None


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Simplified text of exactly the same length (offsets carry over); the one t2s converter,
    used by the parser and (through ``minutes.chinese``) by models, search and pages."""
    if not text:
        return text or ""
    out = _converter().convert(text)
    if len(out) != len(text):  # pragma: no cover - guards an OpenCC dictionary change
        # fall back to character-by-character conversion, which is 1:1 by construction
        out = "".join(_converter().convert(ch) if len(_converter().convert(ch)) == 1 else ch for ch in text)
    assert len(out) == len(text)
    return out


_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
_HALF_PUNCT = re.compile(r"[,;:()!?]")


def full_width_punctuation(text: str) -> str:
    """Web copies often write ``,`` ``:`` ``()`` for ``，`` ``：`` ``（）``: the patterns are written for the
    full-width forms, so the matching text gets them (one character for one; ``09:30`` and ``1,000``,
    between digits, stay)."""
    if not _HALF_PUNCT.search(text):
        return text
    chars = list(text)
    for m in _HALF_PUNCT.finditer(text):
        i = m.start()
        if chars[i] in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue
        chars[i] = chars[i].translate(_HALF_TO_FULL)
    return "".join(chars)


def jieba_tokenizer():
    """The jieba tokenizer, initialised once per process, logging quiet, cache in a writable temp dir."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba
                import jieba.posseg

                jieba.setLogLevel(logging.WARNING)
                tmp = os.path.join(tempfile.gettempdir(), "minutes-jieba")
                os.makedirs(tmp, exist_ok=True)
                jieba.dt.tmp_dir = tmp
                jieba.dt.initialize()
                _jieba = jieba
    return _jieba


def word_tag(word: str) -> str | None:
    """jieba's dictionary part-of-speech tag for a word (a lookup, not a tagger run)."""
    j = jieba_tokenizer()
    return j.posseg.dt.word_tag_tab.get(word)


def word_freq(word: str) -> int:
    """jieba's dictionary frequency of a word, 0 when absent."""
    return jieba_tokenizer().dt.FREQ.get(word, 0) or 0


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(jieba_tokenizer().dt.cut(text, HMM=False))


def cut(text: str) -> list[str]:
    """jieba tokens of a (Simplified) string; lengths add up to ``len(text)``."""
    return list(_cut(text))
