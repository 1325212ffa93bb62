"""factory_boy factories for the archive's models, shared by every test module."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from minutes.models import (
    Appointment,
    Attendance,
    Decision,
    Directive,
    Meeting,
    SourceReport,
    Speech,
    Task,
)
from orgunits.models import OrgUnit, OrgUnitAlias
from people.models import Person, Post

SURNAMES = "張王李趙劉陳楊黃周吳徐孫馬朱胡郭何高林羅鄭梁謝宋唐"
GIVEN = "國建明軍華平志偉紅麗新強文光海曉燕德立思永"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


class StaffFactory(UserFactory):
    is_staff = True


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"後勤第{n}處")
    kind = OrgUnit.Kind.OFFICE


class OrgUnitAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnitAlias

    unit = factory.SubFactory(OrgUnitFactory)
    alias = factory.Sequence(lambda n: f"別名{n}辦")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(
        lambda n: (
            SURNAMES[n % len(SURNAMES)]
            + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
            + GIVEN[(n * 7) % len(GIVEN)]
        )
    )


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    title = "處長"
    unit = factory.SubFactory(OrgUnitFactory)


class SourceReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceReport

    file_name = "reports.txt"
    position = factory.Sequence(lambda n: n + 1)
    title = "後勤工作會議紀要"
    text = factory.Sequence(lambda n: f"後勤工作會議紀要\n7月{n % 28 + 1}日，學校召開後勤工作會議。")
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    encoding = "utf-8"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    name = factory.Sequence(lambda n: f"後勤工作會議{n}")
    kind = Meeting.Kind.WORK
    year = 2023
    month = 7
    day = factory.Sequence(lambda n: n % 28 + 1)
    year_source = Meeting.YearSource.TEXT
    date_text = factory.LazyAttribute(lambda o: f"{o.month}月{o.day}日" if o.month and o.day else "")
    venue = "科學館207"
    status = Meeting.Status.PUBLISHED
    visibility = Meeting.Visibility.PUBLIC


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    category = Attendance.Category.ATTENDED


class SpeechFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speech

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    person = factory.SubFactory(PersonFactory)
    speaker_label = factory.LazyAttribute(lambda o: o.person.name if o.person else "")
    kind = Speech.Kind.ADDRESS
    text = "要認真學習後勤改革方案，統一思想認識。"


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    meeting = factory.SubFactory(MeetingFactory)
    issuer = factory.SubFactory(PersonFactory)
    issuer_label = factory.LazyAttribute(lambda o: o.issuer.name if o.issuer else "")
    number = factory.Sequence(lambda n: n % 5 + 1)
    text = "嚴格要求自己，全身心投入工作。"


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    post = "副部長"
    unit = factory.SubFactory(OrgUnitFactory)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"學校關於成立第{n}工作組的決定")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"學生第{n}宿舍維修改造")
    due_text = "8月底"


def meeting_with_every_record(**fields) -> Meeting:
    """A meeting (``fields`` for ``MeetingFactory``) with one record of every kind that hangs off
    it: attendance, speech, directive, appointment, decision and task, each with its own people
    and units. For tests that need every relation present, whatever it holds."""
    meeting = MeetingFactory(**fields)
    AttendanceFactory(meeting=meeting)
    SpeechFactory(meeting=meeting, order=1)
    DirectiveFactory(meeting=meeting)
    AppointmentFactory(meeting=meeting)
    DecisionFactory(meeting=meeting)
    TaskFactory(meeting=meeting)
    return meeting
