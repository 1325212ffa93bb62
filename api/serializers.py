"""What the API says about each record: the fields the public pages show, never the staff's
(review flags, locked fields, notes, source report)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from minutes.chains import kind_of
from minutes.models import Appointment, Attendance, Decision, Directive, Meeting, Speech, Task
from orgunits.models import OrgUnit
from people.models import Person, Post


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name"]


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name"]


class PageField(serializers.CharField):
    """The record's public page (a path on this site)."""

    def __init__(self, **kwargs):
        super().__init__(source="get_absolute_url", read_only=True, **kwargs)


# --- meetings -----------------------------------------------------------------------------------

MEETING_SUMMARY_FIELDS = [
    "id",
    "url",
    "page",
    "name",
    "kind",
    "date",
    "year",
    "month",
    "day",
    "year_source",
    "date_text",
    "time_of_day",
    "venue",
    "chair",
    "chair_label",
    "organizer",
    "visibility",
]


class MeetingListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    page = PageField()
    chair = PersonRefSerializer(read_only=True, allow_null=True)
    organizer = UnitRefSerializer(read_only=True, allow_null=True)
    n_speeches = serializers.IntegerField(read_only=True)
    n_directives = serializers.IntegerField(read_only=True)
    n_appointments = serializers.IntegerField(read_only=True)
    n_tasks = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [*MEETING_SUMMARY_FIELDS, "n_speeches", "n_directives", "n_appointments", "n_tasks"]


class AttendanceSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Attendance
        fields = ["id", "category", "person", "group_label", "unit", "role", "order"]


class SpeechSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Speech
        fields = ["id", "order", "kind", "person", "speaker_label", "speaker_title", "unit", "text"]


class DirectiveInMeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:directive-detail")
    issuer = PersonRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Directive
        fields = ["id", "url", "number", "order", "issuer", "issuer_label", "text", "status", "status_note"]


class AppointmentSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    announced_by = PersonRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Appointment
        fields = ["id", "order", "person", "post", "unit", "is_removal", "announced_by"]


class DecisionSerializer(serializers.ModelSerializer):
    read_by = PersonRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "order", "title", "read_by", "read_by_label"]


class TaskInMeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:task-detail")
    owner_unit = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = ["id", "url", "order", "text", "owner_unit", "due_text", "due_date", "status", "status_note"]


class MeetingDetailSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    page = PageField()
    chair = PersonRefSerializer(read_only=True, allow_null=True)
    organizer = UnitRefSerializer(read_only=True, allow_null=True)
    attendances = AttendanceSerializer(many=True, read_only=True)
    speeches = SpeechSerializer(many=True, read_only=True)
    directives = DirectiveInMeetingSerializer(many=True, read_only=True)
    appointments = AppointmentSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    tasks = TaskInMeetingSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            *MEETING_SUMMARY_FIELDS,
            "start_time",
            "summary",
            "attendances",
            "speeches",
            "directives",
            "appointments",
            "decisions",
            "tasks",
        ]


# --- people and units ---------------------------------------------------------------------------


class PostSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Post
        fields = ["id", "title", "unit", "start_date", "end_date", "source", "source_meeting"]


class PersonSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail")
    page = PageField()
    posts = PostSerializer(many=True, read_only=True, source="visible_posts")

    class Meta:
        model = Person
        fields = ["id", "url", "page", "name", "name_traditional", "name_simplified", "pinyin", "posts"]


class UnitSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:unit-detail")
    page = PageField()
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="alias")
    parent = serializers.IntegerField(
        source="visible_parent_id", read_only=True, allow_null=True, help_text="上級單位（讀者可見時）"
    )
    children = serializers.ListField(
        child=serializers.IntegerField(), source="visible_children_ids", read_only=True
    )

    class Meta:
        model = OrgUnit
        fields = ["id", "url", "page", "name", "kind", "description", "aliases", "parent", "children"]


# --- directives and tasks -----------------------------------------------------------------------


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "name", "date", "year", "month", "day"]


class ChainItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["directive", "task"])
    id = serializers.IntegerField()
    meeting = serializers.IntegerField()
    status = serializers.CharField()


def _chain_rows(obj) -> list[dict]:
    return [
        {"kind": kind_of(item), "id": item.pk, "meeting": item.meeting_id, "status": item.status}
        for item in getattr(obj, "chain", [])
    ]


class DirectiveSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:directive-detail")
    page = serializers.SerializerMethodField()
    meeting = MeetingRefSerializer(read_only=True)
    issuer = PersonRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Directive
        fields = [
            "id",
            "url",
            "page",
            "meeting",
            "number",
            "issuer",
            "issuer_label",
            "text",
            "status",
            "status_note",
        ]

    def get_page(self, obj) -> str:
        return reverse("minutes:follow_up_directive", args=[obj.pk])


class TaskSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:task-detail")
    page = serializers.SerializerMethodField()
    meeting = MeetingRefSerializer(read_only=True)
    owner_unit = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "url",
            "page",
            "meeting",
            "text",
            "owner_unit",
            "due_text",
            "due_date",
            "status",
            "status_note",
        ]

    def get_page(self, obj) -> str:
        return reverse("minutes:follow_up_task", args=[obj.pk])


class ChainMixin(serializers.Serializer):
    chain = serializers.SerializerMethodField(help_text="跟進鏈（已確認的跟進關係，最早的會議在前）")

    @extend_schema_field(ChainItemSerializer(many=True))
    def get_chain(self, obj):
        return _chain_rows(obj)


class DirectiveDetailSerializer(ChainMixin, DirectiveSerializer):
    class Meta(DirectiveSerializer.Meta):
        fields = [*DirectiveSerializer.Meta.fields, "chain"]


class TaskDetailSerializer(ChainMixin, TaskSerializer):
    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "chain"]
