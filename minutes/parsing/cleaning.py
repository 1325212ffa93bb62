"""Noise removal that keeps every character of the cleaned text mapped to the report text.

Reports pasted from web pages carry emoji, HTML entities (``&nbsp;``), zero-width
characters and pinyin glosses (``總結(jié)``).  Extraction runs on the cleaned text;
``CleanText.span`` maps a cleaned span back to the report text for highlighting.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_PINYIN_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ"
_NOISE = re.compile(
    r"(?P<entity>&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,5});)"
    # a gloss only counts when it follows a Han character and holds tone-marked or plain pinyin
    rf"|(?<=[\u4e00-\u9fff])(?P<gloss>[(（][{_PINYIN_LETTERS}]{{1,8}}(?:\s[{_PINYIN_LETTERS}]{{1,8}})*[)）])"
    r"|(?P<zw>[\u200b-\u200f\u2060\ufeff\u00ad])"
    r"|(?P<emoji>[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u2B00-\u2BFF\U000E0000-\U000E007F])"
)


@dataclass
class CleanText:
    """Cleaned text plus, for each cleaned character, its offset in the original."""

    text: str
    origin: list[int]  # len(text) + 1 entries; the last is len(original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the cleaned text to the original text."""
        if end <= start:
            return (self.origin[start], self.origin[start])
        return (self.origin[start], self.origin[end - 1] + 1)


def clean(text: str) -> CleanText:
    """Drop noise; decode HTML entities (``&nbsp;`` becomes a space, ``&amp;`` an ampersand)."""
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _NOISE.finditer(text):
        if m.group("gloss") and not re.search(r"[a-z]", m.group("gloss")):
            continue
        out.append(text[pos:m.start()])
        origin.extend(range(pos, m.start()))
        if m.group("entity"):
            rep = html.unescape(m.group("entity")).replace("\xa0", " ")
            if rep != m.group("entity"):
                out.append(rep)
                origin.extend([m.start()] * len(rep))
            else:
                out.append(m.group(0))
                origin.extend(range(m.start(), m.end()))
        pos = m.end()
    out.append(text[pos:])
    origin.extend(range(pos, len(text)))
    origin.append(len(text))
    return CleanText("".join(out), origin)
