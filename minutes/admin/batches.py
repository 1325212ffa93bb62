"""Import batches in the admin: each upload's counts, messages and meetings, and its progress page."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minutes.admin import views
from minutes.admin.media import ADMIN_MEDIA_CSS
from minutes.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: a batch is written by the upload that made it. Staff see their own batches
    (administrators all of them); the progress page refreshes while a batch runs."""

    list_display = (
        "file_name",
        "state",
        "progress_column",
        "written",
        "unchanged",
        "failed",
        "created_at",
        "user",
    )
    list_select_related = ("user",)
    list_filter = ("state",)
    date_hierarchy = "created_at"
    fields = (
        "file_name",
        "user",
        "state",
        "created_at",
        "started_at",
        "finished_at",
        "reports_total",
        "reports_done",
        "written",
        "unchanged",
        "failed",
        "meetings_link",
        "messages",
    )
    readonly_fields = fields

    class Media:
        css = ADMIN_MEDIA_CSS

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user_id=request.user.pk)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("進度"))
    def progress_column(self, obj):
        return f"{obj.reports_done}/{obj.reports_total}"

    @admin.display(description=_("會議"))
    def meetings_link(self, obj):
        url = reverse("admin:minutes_meeting_changelist") + f"?import_batch={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("列出這一批的會議"))

    def get_urls(self):
        return [views.batch_progress_url(self), *super().get_urls()]
