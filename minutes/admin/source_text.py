"""The report's text with what was extracted from it marked, and each row's link to its place."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minutes.highlighting import mark_source, spans_of
from minutes.models import Meeting

SPAN_KINDS = (
    ("attendance", "attendances", _("出席")),
    ("speech", "speeches", _("發言")),
    ("directive", "directives", _("工作要求")),
    ("appointment", "appointments", _("任免")),
    ("decision", "decisions", _("決定／文件")),
    ("task", "tasks", _("工作任務")),
)
SPAN_LABELS = {kind: label for kind, _related, label in SPAN_KINDS}


def source_panel(meeting: Meeting | None):
    """The meeting's source report, every extracted span marked and anchored, with a legend."""
    report = meeting.source_report if meeting and meeting.pk else None
    if report is None:
        return gettext("（沒有來源報道）")
    legend = format_html_join(
        " ", '<mark class="src src-{}">{}</mark>', ((kind, label) for kind, _r, label in SPAN_KINDS)
    )
    return format_html(
        '<div class="source-legend">{}</div><pre class="source-text" lang="zh-Hant">{}</pre>',
        legend,
        mark_source(report.text, spans_of(meeting, prefix="span", labels=SPAN_LABELS)),
    )


class SourceSpanInlineMixin:
    """Shows each row's source excerpt with a link to its place in the highlighted text."""

    span_kind = ""
    _parent: Meeting | None = None

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made per request; keep the parent so rows need not fetch it again.
        self._parent = obj
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("原文"))
    def source_span(self, obj):
        if obj is None or not obj.pk or not obj.has_span:
            return "—"
        parent = (
            self._parent if self._parent is not None and self._parent.pk == obj.meeting_id else obj.meeting
        )
        report = parent.source_report if parent.source_report_id else None
        if report is None:
            return "—"
        text = report.excerpt(obj.span_start, obj.span_end)
        return format_html(
            '<a class="span-link" href="#span-{}-{}" title="{}">{}</a>',
            self.span_kind,
            obj.pk,
            Truncator(text).chars(200),
            Truncator(text).chars(14),
        )
