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


def _cache_dir() -> str:
    tmp = os.path.join(tempfile.gettempdir(), "minutes-jieba")
    os.makedirs(tmp, exist_ok=True)
    return tmp


def jieba_tokenizer():
    """The jieba tokenizer, initialised once per process, logging quiet, cache in a writable temp dir."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.tmp_dir = _cache_dir()
                _load_cached_dictionary(jieba)
                jieba.dt.initialize()  # does nothing once loaded; builds and writes the cache otherwise
                _jieba = jieba
    return _jieba


def _load_cached_dictionary(jieba) -> None:
    """Load jieba's own cache of its default dictionary in one read.

    jieba's ``initialize`` unmarshals the cache straight from the open file, which reads it in small
    pieces: 0.68 s here, against 0.24 s for the same bytes read at once. ``import_reports`` is
    often run once per report file, so this is a third of each run. Same file and validity rule as
    jieba's (the default dictionary's cache is valid when present); anything unusual falls back to
    ``initialize``."""
    import marshal

    dt = jieba.dt
    cache = os.path.join(dt.tmp_dir, "jieba.cache")
    if dt.initialized or dt.cache_file or dt.dictionary != jieba.DEFAULT_DICT or not os.path.isfile(cache):
        return
    try:
        with open(cache, "rb") as f:
            dt.FREQ, dt.total = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return
    dt.initialized = True


class _WordTags:
    """Word → part-of-speech tag from jieba's dictionary, as one sorted text with an index per first
    character, kept in a marshal cache beside jieba's own.

    ``import jieba.posseg`` parses the whole dictionary on every start and a dict of its 350,000
    words takes as long to unmarshal (0.45 s, a third of a one-file ``import_reports`` run, which
    scripts call once per report); one string and a small index load in milliseconds. The cache is
    rebuilt whenever the dictionary file changes."""

    def __init__(self):
        import marshal

        dictionary = jieba_tokenizer().dt.get_dict_file()
        name = getattr(dictionary, "name", "")
        dictionary.close()
        stamp = os.stat(name) if name else None
        key = f"{stamp.st_size}-{int(stamp.st_mtime)}" if stamp else "default"
        cache = os.path.join(_cache_dir(), f"word-tags-{key}.marshal")
        try:
            with open(cache, "rb") as f:
                self.text, self.index = marshal.loads(f.read())  # one read: see _load_cached_dictionary
            return
        except (OSError, EOFError, ValueError, TypeError):
            pass
        tags = {}
        with jieba_tokenizer().dt.get_dict_file() as f:
            for line in f:
                parts = line.strip().decode("utf-8").split(" ")
                if len(parts) == 3:
                    tags[parts[0]] = parts[2]
        lines, index, offset = [], {}, 1
        for word in sorted(tags):
            line = f"{word} {tags[word]}\n"
            first = index.setdefault(word[0], [offset, offset])
            first[1] = offset + len(line)
            lines.append(line)
            offset += len(line)
        self.text, self.index = "\n" + "".join(lines), {ch: tuple(span) for ch, span in index.items()}
        # written under a private name and renamed: a process starting alongside never reads half a file
        fd, partial = tempfile.mkstemp(dir=_cache_dir())
        with os.fdopen(fd, "wb") as f:
            marshal.dump((self.text, self.index), f)
        os.replace(partial, cache)

    def get(self, word: str) -> str | None:
        span = self.index.get(word[:1]) if word else None
        if span is None:
            return None
        # each line is "word tag\n" and the text starts with "\n": "\nword " matches that word only
        at = self.text.find(f"\n{word} ", span[0] - 1, span[1])
        if at < 0:
            return None
        start = at + len(word) + 2
        return self.text[start : self.text.index("\n", start)]


@lru_cache(maxsize=1)
def _word_tags() -> _WordTags:
    return _WordTags()


@lru_cache(maxsize=8192)
def word_tag(word: str) -> str | None:
    """jieba's dictionary part-of-speech tag for a word (a lookup, not a tagger run)."""
    return _word_tags().get(word)


def word_freq(word: str) -> int:
    """jieba's dictionary frequency of a word, 0 when absent."""
    return jieba_tokenizer().dt.FREQ.get(word, 0) or 0


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(jieba_tokenizer().dt.cut(text, HMM=False))


def cut(text: str) -> list[str]:
    """jieba tokens of a (Simplified) string; lengths add up to ``len(text)``."""
    return list(_cut(text))
