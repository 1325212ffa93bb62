"""The meeting admin: which list, form and inlines a meeting has; what they do lives beside it."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from minutes import review, workflow
from minutes.admin import views
from minutes.admin.actions import MEETING_ACTIONS
from minutes.admin.autocomplete import CachedAutocompleteMixin, RelatedLabelCache
from minutes.admin.changelist import MeetingChangeList
from minutes.admin.displays import MeetingPanels, warn_duplicates
from minutes.admin.forms import MEETING_FIELDSETS, REVIEW_FIELDSET, MeetingActionForm, MeetingAdminForm
from minutes.admin.inlines import MEETING_INLINES, save_rows
from minutes.admin.media import ADMIN_MEDIA_CSS, ADMIN_MEDIA_JS
from minutes.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(MeetingChangeList, MeetingPanels, CachedAutocompleteMixin, SimpleHistoryAdmin):
    form = MeetingAdminForm
    action_form = MeetingActionForm
    actions = MEETING_ACTIONS
    inlines = MEETING_INLINES
    fieldsets = MEETING_FIELDSETS
    autocomplete_fields = ("chair", "organizer")
    raw_id_fields = ("source_report",)
    readonly_fields = (
        "date",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
        "source_panel",
        "review_panel",
    )
    save_on_top = True

    class Media:
        css = ADMIN_MEDIA_CSS
        js = ADMIN_MEDIA_JS

    def view_on_site(self, obj):
        # A draft's public page is a 404 for readers; staff get its preview.
        return obj.get_preview_url()

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._admin_meeting = obj
        request._admin_label_cache = RelatedLabelCache(obj)
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields and not workflow.can_publish(request.user):
            # Only publishers may move a meeting between draft, published and withdrawn.
            form.base_fields["status"].disabled = True
            form.base_fields["status"].help_text = gettext("只有編輯可以發佈或撤回。")
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return (REVIEW_FIELDSET, *fieldsets) if obj is not None and obj.review_flags else fieldsets

    def get_inline_instances(self, request, obj=None):
        request._admin_meeting = obj
        return super().get_inline_instances(request, obj)

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("status") if change else None
        workflow.apply_status_change(meeting=obj, previous_status=previous, user=request.user)
        reason = (form.cleaned_data.get("change_reason") or "").strip()
        if change and obj.review_flags:
            # Staff saw the guesses on this page and saved it: they are checked. The history row
            # of this save keeps the flags' removal and who made it.
            obj.review_flags = []
            reason = reason or review.REVIEWED_REASON
        if reason:
            obj._change_reason = reason
        request._change_reason = reason
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        save_rows(request, formset)

    def response_change(self, request, obj):
        warn_duplicates(self, request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        warn_duplicates(self, request, obj)
        return super().response_add(request, obj, post_url_continue)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Meeting.Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_urls(self):
        return [views.from_text_url(self), *super().get_urls()]
