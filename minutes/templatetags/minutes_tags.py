"""Filters and tags for the public pages: Chinese dates, the reader's script, URL building."""

import datetime

from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from minutes.chinese import to_simplified
from minutes.context_processors import in_page_script, simplified_active
from minutes.highlighting import mark_source, spans_of

register = template.Library()


@register.filter
def script(value):
    """The archive's text as stored, or in Simplified when the page shows it so (the interface
    language, or the reader's choice).

    Never marks plain text safe, so autoescaping still applies afterwards. Markup already safe
    (a search snippet with its <mark>s) stays safe: t2s changes Han characters one for one and
    leaves tags and entities, which are ASCII, alone.
    """
    if value is None or value == "" or not simplified_active():
        return value
    converted = in_page_script(str(value))
    return mark_safe(converted) if isinstance(value, SafeData) else converted


def _english() -> bool:
    return (get_language() or "").startswith("en")


# Chinese punctuation set around stored text, and its English counterpart.
ENGLISH_PUNCTUATION = {"：": ": ", "，": ", ", "、": ", ", "（": " (", "）": ")", "《": "“", "》": "”"}


@register.simple_tag
def punct(mark):
    """A punctuation mark of the interface: full-width in Chinese, its English form in English."""
    return ENGLISH_PUNCTUATION.get(mark, mark) if _english() else mark


@register.filter
def day_of_month(day):
    """A day in a month's list: 14日, or 14 in English."""
    if not day:
        return ""
    return str(day) if _english() else f"{day}日"


@register.filter
def cn_date(value):
    """A meeting's or a date's day the way readers write it: 2023年7月19日, or 7月19日 without a year."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        year, month, day = value.year, value.month, value.day
    else:
        year, month, day = (
            getattr(value, "year", None),
            getattr(value, "month", None),
            getattr(value, "day", None),
        )
    if _english():
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        parts = [str(day) if day else "", months[month - 1] if month else "", str(year) if year else ""]
        return " ".join(p for p in parts if p)
    text = ""
    if year:
        text += f"{year}年"
    if month:
        text += f"{month}月"
    if day:
        text += f"{day}日"
    return text


@register.filter
def cn_month(month):
    if not month:
        return ""
    if _english():
        return ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
            int(month) - 1
        ]
    return f"{int(month)}月"


@register.filter
def cn_year(year):
    if not year:
        return _("年份不詳")
    return str(year) if _english() else f"{year}年"


@register.simple_tag
def source_text(meeting, rows=None):
    """The meeting's source report text, escaped, with a mark around every extracted item's span
    (``rows``: items the view read itself, by relation name; see ``spans_of``)."""
    report = meeting.source_report
    if report is None:
        return ""
    text = report.text
    if simplified_active():
        # t2s maps characters one to one, so the spans still fit the converted text.
        converted = to_simplified(text)
        if len(converted) == len(text):
            text = converted
    return mark_source(text, spans_of(meeting, rows=rows))


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None/"" removes them)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
