"""The source text of a report with every extracted item's span wrapped in a ``<mark>``.

Spans nest (a directive inside the speech that gave it) and may, after hand edits, cross. We cut the
text at every span boundary and, for each piece, keep a stack of open marks ordered outermost first;
a crossing span is closed and reopened, and only its first piece carries the ``id`` that links point
to, so ids stay unique and the HTML stays well-formed.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str  # "src-speech-12"
    kind: str  # "speech"
    label: str = ""


def spans_of(meeting) -> list[Span]:
    """Every span recorded on a meeting and its extracted items (prefetched by ``for_detail``)."""
    spans: list[Span] = []
    for field, bounds in (meeting.source_spans or {}).items():
        if isinstance(bounds, list | tuple) and len(bounds) == 2:
            start, end = bounds
            if isinstance(start, int) and isinstance(end, int):
                spans.append(Span(start, end, f"src-meeting-{field}", "meeting"))
    groups = (
        ("attendance", meeting.attendances.all()),
        ("speech", meeting.speeches.all()),
        ("directive", meeting.directives.all()),
        ("appointment", meeting.appointments.all()),
        ("decision", meeting.decisions.all()),
        ("task", meeting.tasks.all()),
    )
    for kind, items in groups:
        for item in items:
            if item.has_span:
                spans.append(Span(item.span_start, item.span_end, f"src-{kind}-{item.pk}", kind))
    return spans


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
            attrs = f' class="src src-{span.kind}" data-src="{span.anchor}"'
            if span.anchor not in opened:
                attrs = f' id="{span.anchor}"' + attrs
                opened.add(span.anchor)
            out.append(f"<mark{attrs}>")
            stack.append(span)
        out.append(escape(text[left:right]))
    out.extend("</mark>" for _ in stack)
    # Safe: every piece of report text above went through escape().
    return mark_safe("".join(out))
