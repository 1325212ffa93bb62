"""Noise removal that keeps every character of the cleaned text mapped to the report text.

Reports pasted from web pages carry what the meeting never said: HTML tags and entities
(``<p>…&nbsp;</p>``), zero-width characters, emoji and lost characters (``???``), pinyin glosses
(``總結(jié)``), stray spaces, bylines and editor lines (``撰稿：… 审核：…``, ``发布时间：…``),
photo captions, share buttons and site footers.  Extraction and report splitting run on the
cleaned text, so a noisy copy extracts like its clean original; ``CleanText.span`` maps a cleaned
span back to the text as written for highlighting.

Cleaning runs in two passes, each a list of edits: markup first (so a whole page pasted on one line
gets its paragraph breaks back), then lines and characters.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

_HAN = "\u4e00-\u9fff\u3400-\u4dbf"
_PINYIN_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ"
_CJK_PUNCT = "，。、；：！？（）《》〈〉「」『』【】“”‘’…—"

# --- pass 1: markup
_MARKUP = re.compile(
    # a script or style element is dropped whole: its content is code, never report text
    r"(?P<code><(?P<code_name>script|style)\b[^>]{0,300}>.{0,20000}?</(?P=code_name)\s*>)|"
    r"(?P<tag><(?P<close>/)?(?P<name>[a-zA-Z][a-zA-Z0-9]{0,9})\b[^<>\n]{0,300}?/?>|<!--.{0,2000}?-->)"
    r"|(?P<entity>&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,5});)"
)
_BLOCK_TAGS = frozenset(
    ["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"]
)

# --- pass 2: characters
_NOISE = re.compile(
    # a gloss only counts when it follows a Han character and holds tone-marked or plain pinyin
    rf"(?<=[{_HAN}])(?P<gloss>[(（][{_PINYIN_LETTERS}]{{1,8}}(?:\s[{_PINYIN_LETTERS}]{{1,8}})*[)）])"
    r"|(?P<zw>[\u200b-\u200f\u2060\ufeff\u00ad])"
    # emoji, pictographs, dingbats, arrows and bullets; ○ (U+25CB) stays: it is a zero in 二○二三年
    r"|(?P<emoji>[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u2B00-\u2BFF\U000E0000-\U000E007F\u2190-\u21FF"
    r"\u25A0-\u25CA\u25CC-\u25FF\u20E3])"
    # characters a re-host could not encode: ??? (an ASCII ? inside Chinese text is never a question)
    rf"|(?P<lost>\?{{2,}}|(?<=[{_HAN}])\?(?=[{_HAN}]))"
    # spaces beside Chinese text or at a line's edges (召 开, ，　各单位, an indented paragraph)
    rf"|(?P<space>(?<=[{_HAN}{_CJK_PUNCT}])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[{_HAN}{_CJK_PUNCT}])"
    r"|(?m:^[ \t\u3000\xa0]+|[ \t\u3000\xa0]+$))"
)
# a byline or editor credit: label, then a name or a date (撰稿：姚维章  审核：程绪彪, 文/杨苗苗)
_CREDIT_LABEL = (
    r"(?:撰稿|撰文|审核|审稿|初审|复审|终审|审校|校对|编辑|责编|责任编辑|来源|供稿|来稿|摄影|摄像|图片|图文|"
    r"文字|文图|图|文|记者|通讯员|作者|发布者|发布人|发布时间|发布日期|发表时间|更新时间|发文日期|"
    r"浏览次数|浏览量|阅读量|阅读|点击数?|访问量|编审|核稿|签发)"
)
_CREDIT = re.compile(rf"{_CREDIT_LABEL}\s*[：:/]")
# a page's credit fields printed without colons, some left empty: 作者    责任编辑
_BARE_CREDITS = re.compile(
    rf"^(?:{_CREDIT_LABEL}(?:[ \t\u3000\xa0]+[^ \t\u3000\xa0]{{1,12}})?[ \t\u3000\xa0]*){{2,}}$"
)
# a breadcrumb printed with spaces: 学院首页 新闻公告 新闻中心 综合新闻 正文
_BREADCRUMB = re.compile(
    r"^(?:\S{2,10}[ \t\u3000\xa0]+){2,}(?:正文|正文内容)$|^\S{0,4}首页(?:[ \t\u3000\xa0]+\S{2,10}){2,}$"
)
_CREDIT_BRACKET = re.compile(
    # the closing bracket may be lost when a page is cut: (撰稿人:吴悦 校对人:马文涛 /吴悦 摄
    rf"[（(](?=[^（）()\n]{{0,80}}(?:{_CREDIT_LABEL}人?\s*[：:/]|来稿|供稿|通讯员|记者))[^（）()\n]{{1,80}}(?:[）)]|$)\s*$"
)
_FOOTER = re.compile(
    r"ICP备|公网安备|版权所有|Copyright|Copy\s*Right|技术支持[：:]|地址[：:].{0,40}(?:邮编|电话)|"
    r"^(?:分享到|打印本页|关闭窗口|返回顶部|上一篇|下一篇|【?字体|相关(?:文章|新闻|阅读))|"
    r"^(?:当前位置|您的位置|您所在的?位置|您现在的位置|首页\s*[>›»])",
    re.I,
)
_CAPTION = re.compile(
    r"^[（(【\[]?(?:图为|图[一二三四五六七八九\d]*[：:]|图片[：:]|摄影[：:]|照片[：:])|"
    r"^(?:会议|活动|座谈|会|大会)?现场(?:图|照片)?[）)】\]]?$|^[（(]?会场(?:全景|一角)?[）)]?$"
)
# a site's section label above the headline: 新闻动态, 院部动态, 要闻, 新闻中心
_SECTION = re.compile(
    rf"^[{_HAN}]{{0,4}}(?:动态|動態|新闻|新聞|要闻|要聞|快讯|快訊|资讯|資訊|公告|新闻中心|新聞中心|首页|首頁|正文)$"
)
_DATELINE = re.compile(
    # a page's own label without a colon (时间   2010年03月25日 00:00) is the page's, not a meeting field
    r"^\s*(?:(?:时间|日期|時間)[ \t\u3000\xa0]+)?"
    r"(?:(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*)+$"
)
# a field list separated by spaces: 参会人员：张三 李四 王五
_SPACED_LIST = re.compile(rf"(?<=[：:])(?:[{_HAN}]{{2,4}}[ \u3000]+)+[{_HAN}]{{2,4}}(?=\s*$|[，。；])", re.M)


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


def _apply(text: str, edits: list[tuple[int, int, str]]) -> CleanText:
    """Replace each (start, end) by its text; edits are sorted and do not overlap."""
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for start, end, rep in edits:
        if start < pos:
            continue
        out.append(text[pos:start])
        origin.extend(range(pos, start))
        out.append(rep)
        origin.extend([start] * len(rep))
        pos = end
    out.append(text[pos:])
    origin.extend(range(pos, len(text)))
    origin.append(len(text))
    return CleanText("".join(out), origin)


def _markup_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for m in _MARKUP.finditer(text):
        if m.group("code"):
            edits.append((m.start(), m.end(), ""))
        elif m.group("tag"):
            name = (m.group("name") or "").lower()
            # a block ends a paragraph: the page's paragraphs become lines again
            breaks = name in _BLOCK_TAGS and (m.group("close") or name == "br")
            edits.append((m.start(), m.end(), "\n" if breaks and text[m.end() : m.end() + 1] != "\n" else ""))
        else:
            rep = html.unescape(m.group("entity")).replace("\xa0", " ")
            if rep != m.group("entity"):
                edits.append((m.start(), m.end(), rep))
    return edits


def _is_noise_line(line: str) -> bool:
    s = line.strip(" \t\u3000\xa0")
    if not s:
        return False
    if _FOOTER.search(s) or _CAPTION.match(s) or _DATELINE.match(s) or _SECTION.match(s):
        return True
    if _BREADCRUMB.match(s) or (_BARE_CREDITS.match(s) and len(s) <= 60):
        return True
    credits = _CREDIT.findall(s)
    # 发布日期:2025-10-22 作者:侯俨栖 审稿:何祖锋 — a line of credits, not a sentence of the report
    return (
        bool(credits)
        and "。" not in s
        and len(s) <= 100
        and (len(credits) >= 2 or _CREDIT.match(s) is not None or len(s) <= 30)
    )


_WHERE_YOU_ARE = re.compile(r"^(?:当前位置|您的位置|您所在的?位置|您现在的位置|首页\s*[>›»])")


def _site_header(lines: list[str]) -> int:
    """How many lines at the top are the site's header: short lines (site name, 常用电话) above a
    breadcrumb near the top. Without them the first of them would read as the headline."""
    for k, line in enumerate(lines[:8]):
        s = line.strip(" \t\u3000\xa0")
        if _WHERE_YOU_ARE.match(s) or _BREADCRUMB.match(s):
            above = [x.strip(" \t\u3000\xa0") for x in lines[:k]]
            if all(len(x) <= 30 and not re.search(r"[。；！？]", x) for x in above):
                return k
            return 0
    return 0


def _line_edits(text: str) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    pos = 0
    lines = text.split("\n")
    header = _site_header(lines)
    for k, line in enumerate(lines):
        end = pos + len(line)
        if k < header or _is_noise_line(line):
            edits.append((pos, end, ""))
        else:
            m = _CREDIT_BRACKET.search(line)
            if m:  # (撰稿:姚维章 审核:程绪彪) closing the last paragraph
                edits.append((pos + m.start(), pos + m.end(), ""))
            for lm in _SPACED_LIST.finditer(line):
                for sm in re.finditer(r"[ \u3000]+", lm.group(0)):
                    a = pos + lm.start() + sm.start()
                    edits.append((a, a + len(sm.group(0)), "、"))
        pos = end + 1
    return edits


def _char_edits(text: str, taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    edits = []
    spans = sorted((a, b) for a, b, _ in taken)
    k = 0
    for m in _NOISE.finditer(text):
        if m.group("gloss") and not re.search(r"[a-z]", m.group("gloss")):
            continue
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] < m.end():
            continue  # inside a dropped line
        edits.append((m.start(), m.end(), ""))
    return edits


_PUBLISHED = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def publication_date(text: str) -> datetime.date | None:
    """The date of a dateline or byline (发布日期：2025-10-22, （2026年2月27日…来稿）): a report that gives
    its meeting's day without a year was held shortly before it was published."""
    markup_free = _apply(text, _markup_edits(text)).text
    for line in markup_free.split("\n"):
        bracket = _CREDIT_BRACKET.search(line)
        for part in ([line] if _is_noise_line(line) else []) + ([bracket.group(0)] if bracket else []):
            m = _PUBLISHED.search(part)
            if m:
                try:
                    return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    continue
    return None


def clean(text: str) -> CleanText:
    """Drop noise; decode HTML entities (``&nbsp;`` becomes a space, ``&amp;`` an ampersand)."""
    first = _apply(text, _markup_edits(text))
    lines = _line_edits(first.text)
    second = _apply(first.text, sorted(lines + _char_edits(first.text, lines)))
    origin = [first.origin[i] for i in second.origin[:-1]] + [len(text)]
    return CleanText(second.text, origin)
