"""Staff admin for organisational units and their aliases (基建管理處 / 新校區建設辦公室)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from orgunits.models import OrgUnit, OrgUnitAlias


class OrgUnitAliasInline(admin.TabularInline):
    model = OrgUnitAlias
    extra = 1
    fields = ("alias",)


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "parent", "alias_list")
    list_select_related = ("parent",)
    list_filter = ("kind",)
    search_fields = ("name", "name_simplified", "aliases__alias")
    search_help_text = _("名稱或別名（繁體、簡體皆可）")
    autocomplete_fields = ("parent",)
    readonly_fields = ("name_simplified", "created_at", "updated_at")
    inlines = [OrgUnitAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("別名"))
    def alias_list(self, obj):
        return "、".join(a.alias for a in obj.aliases.all()) or "—"

    def get_search_results(self, request, queryset, search_term):
        """Name or alias containing the term, in either script."""
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(pk__in=OrgUnit.objects.search(term).values("pk")), False
