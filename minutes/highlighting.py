"""The one highlighter: text escaped, with a ``<mark>`` around each span.

Used for the source text of a report (the public meeting page and the admin's source panel: every
extracted item's span, with an ``id`` links point to) and for search snippets (``search.results``:
the matched words, plain ``<mark>``s). Spans nest (a directive inside the speech that gave it) and
may, after hand edits, cross. We cut the text at every span boundary and, for each piece, keep a
stack of open marks ordered outermost first; a crossing span is closed and reopened, and only its
first piece carries the ``id``, so ids stay unique and the HTML stays well-formed. Every tag is built
with ``format_html``: a ``source_spans`` key is staff input and ends up in an attribute.
"""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

SPAN_GROUPS = (
    ("attendance", "attendances"),
    ("speech", "speeches"),
    ("directive", "directives"),
    ("appointment", "appointments"),
    ("decision", "decisions"),
    ("task", "tasks"),
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str = ""  # "src-speech-12"; without one, a plain <mark> (search snippets)
    kind: str = ""  # "speech"
    label: str = ""


def spans_of(
    meeting, prefix: str = "src", labels: dict[str, str] | None = None, rows: dict[str, list] | None = None
) -> list[Span]:
    """Every span recorded on a meeting and its extracted items (prefetched by ``for_detail``, or
    given in ``rows`` by relation name when the caller read them some other way).

    ``prefix`` starts each anchor (the admin uses its own so its links never clash with the public
    page's); with ``labels`` (kind → name) each mark gets a title."""
    spans: list[Span] = []
    for field, bounds in (meeting.source_spans or {}).items():
        if isinstance(bounds, list | tuple) and len(bounds) == 2:
            start, end = bounds
            if type(start) is int and type(end) is int:
                label = str(field) if labels is not None else ""
                spans.append(Span(start, end, f"{prefix}-meeting-{field}", "meeting", label))
    for kind, related in SPAN_GROUPS:
        for item in rows[related] if rows and related in rows else getattr(meeting, related).all():
            if item.has_span:
                label = f"{labels.get(kind, kind)} #{item.pk}" if labels is not None else ""
                spans.append(Span(item.span_start, item.span_end, f"{prefix}-{kind}-{item.pk}", kind, label))
    return spans


def _open_tag(span: Span, with_id: bool) -> SafeString:
    if not span.anchor:
        return mark_safe("<mark>")
    title = format_html(' title="{}"', span.label) if span.label else ""
    if with_id:
        return format_html(
            '<mark id="{}" class="src src-{}" data-src="{}"{}>', span.anchor, span.kind, span.anchor, title
        )
    return format_html('<mark class="src src-{}" data-src="{}"{}>', span.kind, span.anchor, title)


def mark_source(text: str, spans: list[Span]) -> SafeString:
    """``text`` escaped, with a ``<mark id=…>`` around each span; out-of-range spans are clipped."""
    length = len(text)
    usable = []
    for span in spans:
        start, end = max(0, min(span.start, length)), max(0, min(span.end, length))
        if end > start:
            usable.append(Span(start, end, span.anchor, span.kind, span.label))
    # Outermost first: earlier start, then longer span.
    usable.sort(key=lambda s: (s.start, -s.end, s.anchor))
    cuts = sorted({0, length, *(s.start for s in usable), *(s.end for s in usable)})
    out: list[str] = []
    stack: list[Span] = []
    opened: set[str] = set()
    for left, right in zip(cuts, cuts[1:], strict=False):
        wanted = [s for s in usable if s.start <= left and s.end >= right]
        common = 0
        while common < len(stack) and common < len(wanted) and stack[common] is wanted[common]:
            common += 1
        for _ in range(len(stack) - common):
            out.append("</mark>")
        stack = stack[:common]
        for span in wanted[common:]:
            out.append(_open_tag(span, with_id=span.anchor not in opened))
            opened.add(span.anchor)
            stack.append(span)
        out.append(escape(text[left:right]))
    out.extend("</mark>" for _ in stack)
    # Safe: each tag came from format_html and each piece of report text went through escape().
    return mark_safe("".join(out))
