"""Staff link a directive or task to the earlier one it follows up, and accept or reject the
links the importer proposed (``minutes.link_suggestions``)."""

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from minutes.link_suggestions import decide
from minutes.models import FollowUpLink


def _describe(item) -> str:
    if item is None:
        return "—"
    return f"{Truncator(item.text).chars(40)}（{item.meeting.display_date or item.meeting.name}）"


@admin.register(FollowUpLink)
class FollowUpLinkAdmin(SimpleHistoryAdmin):
    list_display = ("later_column", "earlier_column", "state", "reason", "created_at")
    list_filter = ("state",)
    list_select_related = (
        "later_directive__meeting",
        "later_task__meeting",
        "earlier_directive__meeting",
        "earlier_task__meeting",
    )
    autocomplete_fields = ("later_directive", "later_task", "earlier_directive", "earlier_task")
    fieldsets = (
        (_("後續事項（擇一）"), {"fields": ("later_directive", "later_task")}),
        (_("所跟進的較早事項（擇一）"), {"fields": ("earlier_directive", "earlier_task")}),
        (None, {"fields": ("state", "reason")}),
    )
    readonly_fields = ("reason",)
    actions = ["accept", "reject"]
    list_per_page = 100

    @admin.display(description=_("後續事項"))
    def later_column(self, obj):
        return _describe(obj.later)

    @admin.display(description=_("所跟進的事項"))
    def earlier_column(self, obj):
        return _describe(obj.earlier)

    def _decide(self, request, queryset, state):
        count = decide(queryset, state)
        label = FollowUpLink.State(state).label
        self.message_user(
            request,
            gettext("已將 %(n)d 項跟進關係標為「%(state)s」。") % {"n": count, "state": label},
            messages.SUCCESS,
        )

    @admin.action(permissions=["change"], description=_("確認所選的跟進關係"))
    def accept(self, request, queryset):
        self._decide(request, queryset, FollowUpLink.State.ACCEPTED)

    @admin.action(permissions=["change"], description=_("否決所選的跟進關係"))
    def reject(self, request, queryset):
        self._decide(request, queryset, FollowUpLink.State.REJECTED)
