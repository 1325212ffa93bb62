"""Staff admin for people and the posts they held; found by name in either script or by pinyin."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from people.models import Person, Post


class PostInline(admin.TabularInline):
    model = Post
    fk_name = "person"
    extra = 1
    fields = ("title", "unit", "start_date", "end_date", "source", "source_meeting")
    autocomplete_fields = ("unit", "source_meeting")
    ordering = ("start_date", "pk")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "name_simplified", "pinyin", "initials", "post_count")
    search_fields = ("name", "name_simplified", "name_traditional")
    search_help_text = _("姓名（繁體、簡體）或拼音：zhang maizeng、zmz、張邁曾、张迈曾")
    readonly_fields = (
        "name_traditional",
        "name_simplified",
        "pinyin",
        "initials",
        "created_at",
        "updated_at",
    )
    fields = (
        "name",
        "notes",
        "name_traditional",
        "name_simplified",
        "pinyin",
        "initials",
        "created_at",
        "updated_at",
    )
    inlines = [PostInline]
    list_per_page = 100

    def get_queryset(self, request):
        # The annotation's GROUP BY drops Meta.ordering; autocomplete paginates, so keep an order.
        return (
            super()
            .get_queryset(request)
            .annotate(_post_count=Count("posts"))
            .order_by("name_simplified", "pk")
        )

    @admin.display(description=_("任職數"), ordering="_post_count")
    def post_count(self, obj):
        return obj._post_count

    def get_search_results(self, request, queryset, search_term):
        """Hanzi in either script, or pinyin (full, spaced, initials), via Person.objects.matching."""
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(pk__in=Person.objects.matching(term).values("pk")), False


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ("person", "title", "unit", "start_date", "end_date", "source")
    list_select_related = ("person", "unit")
    list_filter = ("source",)
    search_fields = ("title", "person__name", "person__name_simplified")
    autocomplete_fields = ("person", "unit", "source_meeting")

    def get_search_results(self, request, queryset, search_term):
        queryset, dup = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            queryset |= self.get_queryset(request).filter(
                person__in=Person.objects.matching(term).values("pk")
            )
        return queryset, dup
