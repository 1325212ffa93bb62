"""Directives and tasks in the admin as work to follow up."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from minutes import workflow
from minutes.admin.filters import script_variants, year_filter
from minutes.admin.forms import FollowUpActionForm
from minutes.admin.media import ADMIN_MEDIA_CSS
from minutes.models import Directive, FollowUp, Task


class FollowUpAdmin(SimpleHistoryAdmin):
    """Directives and tasks as work to follow up: filter by state, issuer/unit and year."""

    action_form = FollowUpActionForm
    list_editable = ("status",)
    list_per_page = 100
    actions = ["mark_in_progress", "mark_done", "mark_open"]

    class Media:
        css = ADMIN_MEDIA_CSS

    @admin.display(description=_("會議日期"), ordering="meeting__date")
    def meeting_date(self, obj):
        return obj.meeting.display_date or "—"

    def get_search_results(self, request, queryset, search_term):
        queryset, dup = super().get_search_results(request, queryset, "")
        if request.GET.get("model_name") == "followuplink" and request.GET.get("field_name", "").startswith(
            "earlier_"
        ):
            queryset = queryset.open()  # an earlier item to follow up is one still open
        term = search_term.strip()
        if not term:
            return queryset, dup
        query = Q()
        for variant in script_variants(term):
            query |= Q(text__icontains=variant) | Q(meeting__name__icontains=variant)
        return queryset.filter(query | self.extra_search(term)), dup

    def extra_search(self, term):
        return Q(pk__in=[])

    def _mark(self, request, queryset, status):
        count = workflow.update_follow_up(
            items=queryset, status=status, note=(request.POST.get("note") or "").strip(), user=request.user
        )
        self.message_user(
            request,
            gettext("已將 %(n)d 項標為「%(state)s」。") % {"n": count, "state": FollowUp(status).label},
            messages.SUCCESS,
        )

    @admin.action(permissions=["change"], description=_("標為落實中（可附說明）"))
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, FollowUp.IN_PROGRESS)

    @admin.action(permissions=["change"], description=_("標為已完成（可附說明）"))
    def mark_done(self, request, queryset):
        self._mark(request, queryset, FollowUp.DONE)

    @admin.action(permissions=["change"], description=_("標為未落實"))
    def mark_open(self, request, queryset):
        self._mark(request, queryset, FollowUp.OPEN)


@admin.register(Directive)
class DirectiveAdmin(FollowUpAdmin):
    list_display = ("short_text", "issuer_column", "meeting_date", "meeting", "status", "status_note")
    list_select_related = ("issuer", "meeting")
    list_filter = ("status", ("issuer", admin.RelatedOnlyFieldListFilter), year_filter("meeting__year"))
    search_fields = ("text", "issuer__name", "issuer_label")
    search_help_text = _("按內容、提出人搜尋（繁簡、拼音皆可）")
    autocomplete_fields = ("meeting", "issuer")
    raw_id_fields = ("speech",)
    fields = (
        "meeting",
        "speech",
        "issuer",
        "issuer_label",
        "number",
        "order",
        "text",
        "status",
        "status_note",
        "span_start",
        "span_end",
    )

    @admin.display(description=_("內容"))
    def short_text(self, obj):
        return Truncator(obj.text).chars(50)

    @admin.display(description=_("提出人"), ordering="issuer__name_simplified")
    def issuer_column(self, obj):
        return obj.issuer.name if obj.issuer_id else (obj.issuer_label or "—")

    def extra_search(self, term):
        from people.models import Person

        return Q(issuer__in=Person.objects.matching(term).values("pk"))


@admin.register(Task)
class TaskAdmin(FollowUpAdmin):
    list_display = (
        "text",
        "due_text",
        "due_date",
        "owner_unit",
        "meeting_date",
        "meeting",
        "status",
        "status_note",
    )
    list_select_related = ("owner_unit", "meeting")
    list_filter = ("status", ("owner_unit", admin.RelatedOnlyFieldListFilter), year_filter("meeting__year"))
    search_fields = ("text", "due_text", "owner_unit__name")
    search_help_text = _("按事項、負責單位搜尋（繁簡皆可）")
    autocomplete_fields = ("meeting", "owner_unit")
    date_hierarchy = "due_date"
    fields = (
        "meeting",
        "text",
        "due_text",
        "due_date",
        "owner_unit",
        "order",
        "status",
        "status_note",
        "span_start",
        "span_end",
    )

    def extra_search(self, term):
        from orgunits.models import OrgUnit

        return Q(owner_unit__in=OrgUnit.objects.search(term).values("pk"))
