"""The meeting list: its columns, filters and search."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minutes import review, workflow
from minutes.admin.filters import ImportBatchFilter, NeedsReviewFilter, script_variants, year_filter
from minutes.chinese import to_simplified


class MeetingChangeList:
    """The list page's settings and columns, for MeetingAdmin."""

    list_display = (
        "display_date_column",
        "name",
        "chair_column",
        "organizer",
        "status",
        "visibility",
        "review_column",
        "duplicate_column",
    )
    list_display_links = ("display_date_column", "name")
    list_select_related = ("chair", "organizer")
    list_filter = (
        NeedsReviewFilter,
        ImportBatchFilter,
        "status",
        "visibility",
        ("organizer", admin.RelatedOnlyFieldListFilter),
        year_filter("year"),
        "kind",
    )
    date_hierarchy = "date"
    search_fields = ("name", "venue", "chair__name", "chair_label")
    search_help_text = _("按會議名稱、地點或主持人搜尋（繁簡皆可）")
    list_per_page = 50

    def get_queryset(self, request):
        return workflow.with_duplicate_flag(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        # Django's own search is bypassed: it would miss the other script and people's pinyin.
        from people.models import Person

        queryset, may_have_duplicates = super().get_search_results(request, queryset, "")
        term = search_term.strip()
        if not term:
            return queryset, may_have_duplicates
        query = Q()
        for variant in script_variants(term):
            for field in ("name", "venue", "chair_label"):
                query |= Q(**{f"{field}__icontains": variant})
        query |= Q(chair__name_simplified__contains=to_simplified(term))
        query |= Q(chair__in=Person.objects.matching(term).values("pk"))
        return queryset.filter(query), may_have_duplicates

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_text": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("日期"), ordering="date")
    def display_date_column(self, obj):
        return obj.display_date or "—"

    @admin.display(description=_("主持人"), ordering="chair__name_simplified")
    def chair_column(self, obj):
        return obj.chair.name if obj.chair_id else (obj.chair_label or "—")

    @admin.display(description=_("需要核對"))
    def review_column(self, obj):
        if not obj.review_flags:
            return ""
        return format_html(
            '<span class="review-flag" title="{}">⚠ {}</span>',
            "\n".join(review.describe(flag, obj) for flag in obj.review_flags),
            gettext("需要核對（%(n)d）") % {"n": len(obj.review_flags)},
        )

    @admin.display(description=_("可能重複"), ordering="-possible_duplicate")
    def duplicate_column(self, obj):
        if not getattr(obj, "possible_duplicate", False):
            return ""
        return format_html(
            '<span class="dup-flag" title="{}">⚠ {}</span>',
            gettext("同日且主持人或出席者相同，或原文相同"),
            gettext("可能重複"),
        )
