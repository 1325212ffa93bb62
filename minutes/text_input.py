"""One bound for every text query a reader types (the meeting list, search, people, units and the
person autocomplete): a query past it is cut down and answered with a notice, never an error and
never a slow query over hundreds of words."""

from typing import NamedTuple

from django import forms
from django.utils.translation import gettext

from minutes.chinese import strip_nul

QUERY_MAX_CHARS = 200
QUERY_MAX_TERMS = 12


class BoundedQuery(NamedTuple):
    text: str
    trimmed: bool = False

    @property
    def notice(self) -> str:
        """What the reader is told when their query was cut, in their language ("" otherwise)."""
        if not self.trimmed:
            return ""
        return gettext("查詢太長，只按前 %(chars)d 個字、前 %(terms)d 個詞查找。") % {
            "chars": QUERY_MAX_CHARS,
            "terms": QUERY_MAX_TERMS,
        }


def bound_query(raw: str | None) -> BoundedQuery:
    """``raw`` without NULs and outer spaces, cut to QUERY_MAX_CHARS characters and QUERY_MAX_TERMS
    space-separated terms."""
    text = strip_nul(raw).strip()
    trimmed = False
    if len(text) > QUERY_MAX_CHARS:
        text, trimmed = text[:QUERY_MAX_CHARS].strip(), True
    terms = text.split()
    if len(terms) > QUERY_MAX_TERMS:
        text, trimmed = " ".join(terms[:QUERY_MAX_TERMS]), True
    return BoundedQuery(text, trimmed)


def query_notice(request, name: str = "q") -> str:
    return bound_query(request.GET.get(name)).notice


class QueryField(forms.CharField):
    """A form's text query, bounded by ``bound_query`` rather than refused for its length."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return bound_query(super().to_python(value)).text

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(QUERY_MAX_CHARS)}
