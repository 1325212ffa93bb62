"""What a meeting's change form shows beyond its fields: the read-only panels, and the warning
about possible duplicates after a save."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minutes import review, workflow
from minutes.admin import source_text


class MeetingPanels:
    @admin.display(description=_("待核對事項"))
    def review_panel(self, obj):
        if obj is None or not obj.review_flags:
            return gettext("（沒有待核對事項）")
        return format_html(
            '<ul class="review-flags">{}</ul>',
            format_html_join("", "<li>{}</li>", ((review.describe(flag, obj),) for flag in obj.review_flags)),
        )

    @admin.display(description=_("原文（標出已抽取的內容）"))
    def source_panel(self, obj):
        return source_text.source_panel(obj)


def warn_duplicates(model_admin, request, meeting) -> None:
    duplicates = workflow.possible_duplicates(meeting)
    if duplicates:
        links = format_html_join(
            "、",
            '<a href="{}">{}</a>',
            ((reverse("admin:minutes_meeting_change", args=[d.pk]), str(d)) for d in duplicates),
        )
        model_admin.message_user(
            request,
            format_html("{} {}", gettext("可能重複：已有相近的會議記錄"), links),
            messages.WARNING,
        )
