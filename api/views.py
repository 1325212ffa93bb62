"""Read-only API views. Every queryset starts from ``visible_to(request.user)``: the pages' rules
(anonymous: published public meetings and who appears in them; signed in: internal ones too)."""

from django.db.models import F, Prefetch, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from minutes import chains
from minutes.filters import MeetingFilter
from minutes.models import Directive, Meeting, Task, visible_condition
from minutes.views import counted
from orgunits.models import OrgUnit
from people.models import Person, Post

from . import serializers
from .filters import DirectiveFilter, PersonFilter, TaskFilter, UnitFilter

ID_PATTERN = "[0-9]+"


class VisibleMixin:
    lookup_value_regex = ID_PATTERN

    @cached_property
    def visible_meetings(self):
        return Meeting.objects.visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(summary=_("會議列表"), description=_("與會議列表頁相同的篩選與排序。")),
    retrieve=extend_schema(
        summary=_("會議詳情"), description=_("出席、發言、工作要求、任免、決定、工作任務。")
    ),
)
class MeetingViewSet(VisibleMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = MeetingFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return self.visible_meetings.for_detail()
        return self.visible_meetings.for_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.MeetingDetailSerializer
        return serializers.MeetingListSerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else counted(page)


@extend_schema_view(
    list=extend_schema(summary=_("人員列表")), retrieve=extend_schema(summary=_("人員詳情（含歷任職務）"))
)
class PersonViewSet(VisibleMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        user = self.request.user
        # The person page's rule: a post noted at a meeting shows if the meeting is visible, a
        # post's unit only if the unit is.
        posts = (
            Post.objects.filter(
                Q(source_meeting__isnull=True) | Q(source_meeting__in=self.visible_meetings.values("pk"))
            )
            .filter(Q(unit__isnull=True) | Q(unit__in=OrgUnit.objects.visible_to(user)))
            .select_related("unit")
            .order_by(F("start_date").asc(nulls_first=True), "pk")
        )
        return (
            Person.objects.visible_to(user)
            .prefetch_related(Prefetch("posts", queryset=posts, to_attr="visible_posts"))
            .order_by("pinyin", "name_simplified", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary=_("單位列表")), retrieve=extend_schema(summary=_("單位詳情（別名、上下級）"))
)
class UnitViewSet(VisibleMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self):
        return (
            OrgUnit.objects.visible_to(self.request.user).prefetch_related("aliases").order_by("name", "pk")
        )

    def _with_family(self, units):
        """Parent and children as the reader may know them (a hidden unit is no one's parent or
        child here): one query for the page's whole family."""
        units = list(units)
        ids = {unit.pk for unit in units}
        parents = {unit.parent_id for unit in units if unit.parent_id}
        known = OrgUnit.objects.visible_to(self.request.user).filter(Q(pk__in=parents) | Q(parent__in=ids))
        rows = list(known.values_list("pk", "parent"))
        visible_ids = {pk for pk, _ in rows}
        for unit in units:
            unit.visible_parent_id = unit.parent_id if unit.parent_id in visible_ids else None
            unit.visible_children_ids = sorted(
                pk for pk, parent in rows if parent == unit.pk and pk != unit.pk
            )
        return units

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else self._with_family(page)

    def get_object(self):
        return self._with_family([super().get_object()])[0]


class _ItemViewSet(VisibleMixin, viewsets.ReadOnlyModelViewSet):
    model = Directive

    def get_queryset(self):
        # On the joined meeting, not ``meeting__in``: the list walks an index in its order.
        return self.model.objects.filter(visible_condition(self.request.user, "meeting__"))

    def get_object(self):
        item = super().get_object()
        item.chain = chains.chain(item, self.visible_meetings)
        return item


@extend_schema_view(
    list=extend_schema(
        summary=_("工作要求列表"),
        description=_("按會議列表的順序（新→舊），同一會議內按原文順序；計數至多 1,000（capped）。"),
    ),
    retrieve=extend_schema(summary=_("工作要求詳情（含跟進鏈）")),
)
class DirectiveViewSet(_ItemViewSet):
    model = Directive
    filterset_class = DirectiveFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("meeting", "issuer")
            .order_by(
                # The meeting list's order (meeting_list_order_idx), then the meeting's own.
                F("meeting__date").desc(nulls_last=True),
                F("meeting__month").desc(nulls_last=True),
                F("meeting__day").desc(nulls_last=True),
                "-meeting_id",
                "order",
                "pk",
            )
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DirectiveDetailSerializer
        return serializers.DirectiveSerializer


@extend_schema_view(
    list=extend_schema(
        summary=_("工作任務列表（按期限）"), description=_("期限不詳的在後；計數至多 1,000（capped）。")
    ),
    retrieve=extend_schema(summary=_("工作任務詳情（含跟進鏈）")),
)
class TaskViewSet(_ItemViewSet):
    model = Task
    filterset_class = TaskFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("meeting", "owner_unit")
            # task_due_order_idx, checking each task's meeting until the page is full.
            .order_by(F("due_date").asc(nulls_last=True), "meeting_id", "order", "pk")
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.TaskDetailSerializer
        return serializers.TaskSerializer
