"""Script conversion and pinyin keys shared by models, search and pages.

Plain Python (no Django). ``to_simplified`` is the parser's (``minutes.parsing.chinese``):
OpenCC's t2s maps every CJK character one to one, so offsets computed on the simplified text are
valid on the original; it asserts so.
"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache

# The one Traditional→Simplified converter is the parser's (plain Python, loaded on first use);
# models, search and pages import it from here.
from minutes.parsing.chinese import to_simplified as to_simplified

# Surnames whose reading differs from the character's everyday reading; pypinyin gets 14 of
# 20 such surnames wrong by default (see the measurements in docs/architecture.md).
SURNAME_READINGS = {
    "曾": "zeng",
    "單": "shan",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "查": "zha",
    "樂": "yue",
    "乐": "yue",
    "區": "ou",
    "区": "ou",
    "朴": "piao",
    "繆": "miao",
    "缪": "miao",
    "覃": "qin",
    "蓋": "ge",
    "盖": "ge",
    "黑": "he",
    "尉遲": "yu chi",
    "尉迟": "yu chi",
    "万俟": "mo qi",
    "萬俟": "mo qi",
    "長孫": "zhang sun",
    "长孙": "zhang sun",
    "宓": "mi",
    "種": "chong",
    "种": "chong",
    "翟": "zhai",
    "莘": "shen",
    "秘": "bi",
    "阚": "kan",
    "闞": "kan",
    "燕": "yan",
    "紀": "ji",
    "纪": "ji",
    "任": "ren",
    "沈": "shen",
    "石": "shi",
    "華": "hua",
    "华": "hua",
    "葛": "ge",
    "萬": "wan",
    "万": "wan",
    "員": "yun",
    "员": "yun",
    "召": "shao",
    "洗": "xian",
    "冼": "xian",
    "折": "she",
    "祭": "zhai",
    "句": "gou",
    "藉": "ji",
    "隗": "wei",
}
COMPOUND_SURNAMES = {s for s in SURNAME_READINGS if len(s) == 2} | {
    "歐陽",
    "欧阳",
    "司馬",
    "司马",
    "諸葛",
    "诸葛",
    "上官",
    "東方",
    "东方",
    "皇甫",
    "令狐",
    "公孫",
    "公孙",
    "慕容",
    "夏侯",
    "司徒",
    "司空",
    "端木",
    "軒轅",
    "轩辕",
    "宇文",
    "澹臺",
    "澹台",
    "呼延",
}
# Given-name characters whose reading in names differs from pypinyin's everyday first reading
# (曾 is "ceng", once, in prose; in a name it is zeng: 張邁曾 is Zhang Maizeng). The other
# readings stay in the lookup keys, so either is still found.
GIVEN_NAME_READINGS = {"曾": "zeng"}
MAX_PINYIN_COMBINATIONS = 32
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


# Names, units and titles recur on every list page; long texts are converted as they come.
DISPLAY_CACHE_MAX_CHARS = 200


@lru_cache(maxsize=8192)
def _short_simplified(text: str) -> str:
    return to_simplified(text)


def to_simplified_display(text: str) -> str:
    """``to_simplified`` for pages: short strings (names, titles) are converted once per process."""
    if text and len(text) <= DISPLAY_CACHE_MAX_CHARS:
        return _short_simplified(text)
    return to_simplified(text)


def to_traditional(text: str) -> str:
    """Simplified → Traditional for display only; s2t is one-to-many, never use it to search."""
    return _s2t().convert(text) if text else (text or "")


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name), knowing compound surnames in either script."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


@cache
def _pypinyin():
    """pypinyin, imported on first use: its dictionaries cost every web worker tens of MB at
    start-up, and most requests never spell a name."""
    import pypinyin

    return pypinyin


@cache
def _readings(char: str) -> tuple[str, ...]:
    pypinyin = _pypinyin()
    found = pypinyin.pinyin(char, style=pypinyin.Style.NORMAL, heteronym=True, errors="ignore")
    if not found or not found[0]:
        return (char.lower(),) if char.isascii() and char.isalnum() else ()
    return tuple(dict.fromkeys(r for r in found[0] if r))


def name_syllables(name: str) -> list[tuple[str, ...]]:
    """Each character's possible readings; the surname gets its surname reading first."""
    simplified = to_simplified(name.strip())
    surname, given = split_surname(simplified)
    syllables: list[tuple[str, ...]] = []
    if surname in SURNAME_READINGS and len(surname) == 2:
        syllables += [(part,) for part in SURNAME_READINGS[surname].split()]
    else:
        for ch in surname:
            preferred = SURNAME_READINGS.get(ch)
            options = _readings(ch)
            syllables.append((preferred,) if preferred else options[:1] or (ch,))
    for ch in given:
        default = (
            [GIVEN_NAME_READINGS[ch]]
            if ch in GIVEN_NAME_READINGS
            else _pypinyin().lazy_pinyin(ch, style=_pypinyin().Style.NORMAL)
        )
        options = tuple(dict.fromkeys([*default, *_readings(ch)]))
        if options:
            syllables.append(options)
    return syllables


def strip_nul(text: str | None) -> str:
    """``text`` without NUL characters, which PostgreSQL refuses in any string parameter (a typed
    or pasted query with one failed the page)."""
    return (text or "").replace("\x00", "")


def pinyin_of(name: str) -> str:
    """The preferred reading, spaced: 張邁曾 → 'zhang mai zeng' (the sort key)."""
    return " ".join(options[0] for options in name_syllables(name))


def _join_syllables(syllables: list[str]) -> str:
    """One word of pinyin; a syllable opening with a, o or e after another takes an apostrophe
    so the word reads back the same way (Xi'an, not Xian)."""
    word = ""
    for syllable in syllables:
        word += f"'{syllable}" if word and syllable[:1] in "aoe" else syllable
    return word


def pinyin_name(name: str) -> str:
    """The preferred reading written as a name is: surname and given name each one capitalised
    word (張邁曾 → 'Zhang Maizeng', 尉遲恭 → 'Yuchi Gong', 呂布 → 'Lü Bu'). Empty unless the name
    is all Han characters: a Latin or mixed name has no reading worth showing."""
    stripped = name.strip()
    if not stripped or not all(_HAN.match(ch) for ch in stripped):
        return ""
    syllables = [options[0].replace("v", "ü") for options in name_syllables(stripped)]
    surname_len = len(split_surname(to_simplified(stripped))[0])
    words = [_join_syllables(syllables[:surname_len]), _join_syllables(syllables[surname_len:])]
    return " ".join(word.capitalize() for word in words if word)


def initials_of(name: str) -> str:
    """The preferred initials: 張邁曾 → 'zmz'."""
    return "".join(options[0][0] for options in name_syllables(name) if options and options[0])


def pinyin_keys(name: str) -> set[str]:
    """Every lookup key for a name: full (zhangmaizeng), initials (zmz) and surname+initials
    (zhangmz), over the given name's alternative readings, capped so odd names stay cheap."""
    syllables = name_syllables(name)
    if not syllables:
        return set()
    keys: set[str] = set()
    surname_len = len(split_surname(to_simplified(name.strip()))[0])
    combos = itertools.islice(itertools.product(*syllables), MAX_PINYIN_COMBINATIONS)
    for combo in combos:
        keys.add("".join(combo))
        keys.add("".join(s[0] for s in combo if s))
        keys.add("".join(combo[:surname_len]) + "".join(s[0] for s in combo[surname_len:] if s))
    return {k for k in keys if k}


_NOT_LETTERS = re.compile(r"[^a-z]")


def normalize_pinyin_query(query: str) -> str:
    """'Zhang Mai-Zeng', 'zhāng màizēng' → 'zhangmaizeng' (tone marks folded)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", query.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("ü", "v")
    return _NOT_LETTERS.sub("", folded)


def looks_like_pinyin(query: str) -> bool:
    """True for Latin-letter queries (with optional tone marks, digits, spaces, dashes)."""
    stripped = query.strip()
    return (
        bool(stripped) and all(ord(ch) < 0x2E80 for ch in stripped) and any(ch.isalpha() for ch in stripped)
    )
