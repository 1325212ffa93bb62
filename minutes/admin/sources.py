"""Source reports in the admin: read-only, since reports change only through the importer."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from minutes.admin.media import ADMIN_MEDIA_CSS
from minutes.models import SourceReport


@admin.register(SourceReport)
class SourceReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the importer, which keeps revisions."""

    list_display = ("file_name", "position", "title", "encoding", "imported_at", "imported_by")
    list_select_related = ("imported_by",)
    search_fields = ("file_name", "title")
    list_filter = ("encoding",)
    date_hierarchy = "imported_at"
    fields = (
        "file_name",
        "position",
        "start_line",
        "title",
        "encoding",
        "content_hash",
        "imported_at",
        "imported_by",
        "previous_revision",
        "later_revisions_list",
        "meetings_list",
        "warnings",
        "text_block",
    )
    readonly_fields = fields

    class Media:
        css = ADMIN_MEDIA_CSS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("全文"))
    def text_block(self, obj):
        return format_html('<pre class="source-text" lang="zh-Hant">{}</pre>', obj.text)

    @admin.display(description=_("會議"))
    def meetings_list(self, obj):
        rows = obj.meetings.all()
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a>',
                ((reverse("admin:minutes_meeting_change", args=[m.pk]), str(m)) for m in rows),
            )
            or "—"
        )

    @admin.display(description=_("較新版本"))
    def later_revisions_list(self, obj):
        rows = obj.later_revisions.all()
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a>',
                ((reverse("admin:minutes_sourcereport_change", args=[r.pk]), str(r)) for r in rows),
            )
            or "—"
        )
