"""The importing service, fed with hand-built parsed reports (the parser is tested on its own)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.importing import (
    IMPORT_REASON,
    content_hash,
    guess_meeting_kind,
    guess_unit_kind,
    import_parsed_file,
)
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
from search.indexing import check_index
from search.models import SearchEntry
from tests import factories
from tests.importing.builders import CADRE_TEXT, ReportBuilder, cadre_report, parsed_file

pytestmark = pytest.mark.django_db

ALL_MODELS = (
    SourceReport,
    Meeting,
    Attendance,
    Speech,
    Directive,
    Appointment,
    Decision,
    Task,
    Person,
    Post,
    OrgUnit,
    OrgUnitAlias,
)


def counts():
    return {m.__name__: m.objects.count() for m in ALL_MODELS}


def test_a_report_becomes_a_meeting_with_every_record_linked():
    result = import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.PUBLISHED)

    assert result.ok, result.error
    assert len(result.created) == 1
    meeting = Meeting.objects.get()
    assert meeting.name == "後勤幹部大會"
    assert meeting.kind == Meeting.Kind.CADRE
    assert (meeting.year, meeting.month, meeting.day) == (2023, 1, 14)
    assert meeting.date == datetime.date(2023, 1, 14)
    assert meeting.year_source == Meeting.YearSource.INFERRED
    assert meeting.time_of_day == Meeting.TimeOfDay.AFTERNOON
    assert meeting.venue == "科學館207"
    assert meeting.chair.name == "趙軍武"
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_at is not None
    assert meeting.source_report.content_hash == content_hash(CADRE_TEXT)

    attendances = list(meeting.attendances.order_by("order"))
    assert [(a.person.name if a.person else a.group_label, a.category, a.role) for a in attendances] == [
        ("趙軍武", "chaired", "校黨委常委"),
        ("張邁曾", "attended", "校黨委書記"),
        ("張定紅", "attended", "黨委常委"),
        ("後勤系統各支部書記、主管以上幹部", "attended", ""),
    ]
    speeches = list(meeting.speeches.order_by("order"))
    assert [s.order for s in speeches] == [1, 2, 3, 4]
    assert [(s.person.name if s.person else None, s.speaker_label, s.kind) for s in speeches] == [
        ("趙軍武", "趙軍武同志", "announcement"),
        ("張定紅", "張定紅同志", "announcement"),
        (None, "物業處", "report"),
        ("張邁曾", "張邁曾書記", "address"),
    ]
    assert speeches[2].unit.name == "物業處"
    assert speeches[3].speaker_title == "校黨委書記"
    directives = list(meeting.directives.order_by("order"))
    assert [(d.number, d.text, d.issuer.name, d.speech_id) for d in directives] == [
        (1, "認真學習後勤改革方案", "張邁曾", speeches[3].pk),
        (2, "嚴格要求自己", "張邁曾", speeches[3].pk),
    ]
    appointment = meeting.appointments.get()
    assert (
        appointment.person.name,
        appointment.post,
        appointment.unit.name,
        appointment.announced_by.name,
    ) == ("程建設", "副部長", "後勤保障部", "張定紅")
    decision = meeting.decisions.get()
    assert (decision.title, decision.read_by.name) == ("學校關於成立後勤保障部的決定", "趙軍武")
    task = meeting.tasks.get()
    assert (task.text, task.due_text, task.due_date) == (
        "學生第十宿舍建設",
        "8月底",
        datetime.date(2023, 8, 31),
    )


def test_spans_point_at_the_text_they_came_from():
    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT)
    meeting = Meeting.objects.select_related("source_report").get()
    text = meeting.source_report.text

    for key, expected in {
        "name": "後勤幹部大會",
        "date": "1月14日下午",
        "venue": "科學館207",
        "chair": "趙軍武",
    }.items():
        start, end = meeting.source_spans[key]
        assert text[start:end] == expected
    for speech in meeting.speeches.all():
        assert speech.source_excerpt() == speech.text
    for directive in meeting.directives.all():
        assert directive.source_excerpt() == directive.text
    chair = meeting.attendances.get(category="chaired")
    assert chair.source_excerpt() == "趙軍武"
    assert "程建設" in meeting.appointments.get().source_excerpt()
    assert meeting.decisions.get().source_excerpt() == "學校關於成立後勤保障部的決定"
    assert meeting.tasks.get().source_excerpt() == "學生第十宿舍建設"


def test_every_imported_row_has_an_initial_history_entry(editor):
    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT, user=editor)
    meeting = Meeting.objects.get()

    first = meeting.history.get()
    assert (first.history_type, first.history_change_reason, first.history_user) == (
        "+",
        IMPORT_REASON,
        editor,
    )
    for model in (Attendance, Speech, Directive, Appointment, Decision, Task, Person, OrgUnit):
        assert model.history.count() == model.objects.count() > 0, model.__name__
        assert set(model.history.values_list("history_change_reason", flat=True)) == {IMPORT_REASON}
        # The history rows copy every tracked value (they are written without model instances).
        tracked = [f.attname for f in model.history.model.tracked_fields]
        assert sorted(model.history.values_list(*tracked)) == sorted(model.objects.values_list(*tracked))
    assert meeting.source_report.imported_by == editor


def test_the_meeting_and_new_people_are_in_the_search_index():
    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.PUBLISHED)
    meeting = Meeting.objects.get()
    person = Person.objects.get(name="張邁曾")

    assert SearchEntry.objects.filter(meeting_id=meeting.pk, kind=SearchEntry.Kind.SPEECH).count() == 4
    assert SearchEntry.objects.filter(kind=SearchEntry.Kind.PERSON, object_id=person.pk).exists()
    assert SearchEntry.objects.filter(kind=SearchEntry.Kind.UNIT).count() == OrgUnit.objects.count()


def test_importing_the_same_report_again_changes_nothing(django_assert_max_num_queries):
    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT)
    before = counts()

    with django_assert_max_num_queries(3):
        result = import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT)

    assert result.ok
    assert (result.created, result.revised, len(result.unchanged)) == ([], [], 1)
    assert counts() == before


def test_the_same_name_in_either_script_is_one_person_across_reports_and_files():
    first = (
        ReportBuilder("後勤工作會議\n副校長張國臣出席會議並講話。")
        .meeting("後勤工作會議")
        .person("張國臣", "副校長")
    )
    second = (
        ReportBuilder("后勤工作推进会\n张国臣副校长出席会议并讲话。")
        .meeting("后勤工作推进会")
        .person("张国臣", "副校长")
    )
    third = ReportBuilder("物業處座談會\n張國臣同志主持座談會。").meeting("物業處座談會", chair="張國臣")

    import_parsed_file(parsed_file(first.build(), file="a.txt"), status=Meeting.Status.DRAFT)
    import_parsed_file(parsed_file(second.build(), third.build(), file="b.txt"), status=Meeting.Status.DRAFT)

    person = Person.objects.get()
    assert person.name == "張國臣"
    assert Attendance.objects.filter(person=person).count() == 3
    assert Meeting.objects.get(name="物業處座談會").chair == person
    # 副校長 and 副校长 are one title: one post.
    assert list(person.posts.values_list("title", "source")) == [("副校長", "mention")]


def test_an_existing_person_is_reused_not_duplicated():
    person = factories.PersonFactory(name="张定红")
    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT)

    assert Person.objects.filter(name_simplified="张定红").get() == person
    assert Speech.objects.filter(person=person).count() == 1


def test_titles_become_posts_at_the_meeting_date_without_duplicates():
    factories.PostFactory(person=factories.PersonFactory(name="張邁曾"), title="校黨委書記", unit=None)
    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT)
    meeting = Meeting.objects.get()

    assert Post.objects.filter(person__name="張邁曾").count() == 1
    posts = Post.objects.filter(person__name="張定紅", source=Post.Source.MENTION).order_by("title")
    assert [(p.title, p.start_date, p.source_meeting) for p in posts] == [
        ("組織部部長", datetime.date(2023, 1, 14), meeting),
        ("黨委常委", datetime.date(2023, 1, 14), meeting),
    ]


def test_an_appointment_creates_a_post_and_links_it():
    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT)
    appointment = Appointment.objects.get()

    post = appointment.post_held
    assert (post.person.name, post.title, post.unit.name, post.source, post.start_date, post.end_date) == (
        "程建設",
        "副部長",
        "後勤保障部",
        Post.Source.APPOINTMENT,
        datetime.date(2023, 1, 14),
        None,
    )
    assert post.source_meeting == appointment.meeting


def test_a_removal_ends_the_open_post():
    unit = factories.OrgUnitFactory(name="物業處")
    post = factories.PostFactory(
        person=factories.PersonFactory(name="王建明"),
        title="處長",
        unit=unit,
        start_date=datetime.date(2020, 3, 1),
    )
    text = "後勤幹部大會\n2023年9月1日，學校召開後勤幹部大會，宣佈免去王建明物業處處長職務。"
    report = (
        ReportBuilder(text)
        .meeting("後勤幹部大會", year=2023, month=9, day=1, year_source="text", date_text="2023年9月1日")
        .appointment("王建明", "處長", "物業處", removal=True, needle="免去王建明物業處處長職務")
        .build()
    )

    result = import_parsed_file(parsed_file(report), status=Meeting.Status.DRAFT)

    assert result.ok, result.error
    post.refresh_from_db()
    assert post.end_date == datetime.date(2023, 9, 1)
    appointment = Appointment.objects.get()
    assert appointment.is_removal and appointment.post_held == post
    assert Post.objects.count() == 1


def test_units_resolve_by_name_or_alias_and_new_ones_get_a_kind():
    existing = factories.OrgUnitFactory(name="基建管理處")
    text = "基建工作會議\n基建管理處[新校區建設辦公室]、校醫院、後勤保障部、膳食科负责人参加会议。"
    report = (
        ReportBuilder(text)
        .meeting("基建工作會議")
        .unit("基建管理處", alias="新校區建設辦公室")
        .unit("校醫院")
        .unit("後勤保障部")
        .unit("膳食科")
        .speech(None, "负责人参加会议", kind="report", label="膳食科", unit="膳食科")
        .build()
    )

    result = import_parsed_file(parsed_file(report), status=Meeting.Status.DRAFT)

    assert result.ok, result.error
    assert OrgUnit.objects.matching_name("新校区建设办公室").get() == existing
    assert OrgUnitAlias.objects.get().unit == existing
    assert dict(OrgUnit.objects.exclude(pk=existing.pk).values_list("name", "kind")) == {
        "校醫院": "hospital",
        "後勤保障部": "department",
        "膳食科": "section",
    }
    assert (result.units_created, result.aliases_created) == (3, 1)


def test_an_alias_that_already_names_another_unit_is_not_added():
    factories.OrgUnitFactory(name="基建管理處")
    other = factories.OrgUnitFactory(name="新校區建設辦公室")
    text = "基建工作會議\n基建管理處[新校區建設辦公室]負責人出席。"
    report = ReportBuilder(text).meeting("基建工作會議").unit("基建管理處", alias="新校區建設辦公室").build()

    result = import_parsed_file(parsed_file(report), status=Meeting.Status.DRAFT)

    assert result.ok
    assert not OrgUnitAlias.objects.exists()
    assert OrgUnit.objects.matching_name("新校區建設辦公室").get() == other
    assert result.warnings == [
        "reports.txt: unit alias '新校區建設辦公室' of '基建管理處' already names '新校區建設辦公室'; not added"
    ]


def test_a_dry_run_writes_nothing():
    result = import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT, dry_run=True)

    assert result.ok and len(result.created) == 1
    assert all(n == 0 for n in counts().values())
    assert not SearchEntry.objects.exists()


def test_a_failing_report_leaves_nothing_of_its_file(monkeypatch):
    second = ReportBuilder("學習會\n學習會在會議室召開。").meeting("學習會").build()

    def boom(meeting, related):
        if meeting.name == "學習會":
            raise RuntimeError("index down")
        return []

    monkeypatch.setattr("minutes.importing.writer.built_meeting_entries", boom)
    with pytest.raises(RuntimeError):
        import_parsed_file(parsed_file(cadre_report(), second), status=Meeting.Status.DRAFT)

    assert all(n == 0 for n in counts().values())


def test_a_report_with_nothing_recognisable_is_an_error_naming_file_and_line():
    empty = ReportBuilder("這是一段沒有會議內容的文字，只是閒談而已。", start_line=3).build()

    result = import_parsed_file(parsed_file(empty, file="junk.txt"), status=Meeting.Status.DRAFT)

    assert result.error == (
        "junk.txt, line 3: no meeting report recognised (no meeting name, date, people or speeches found)"
    )
    assert all(n == 0 for n in counts().values())


def test_an_unrecognisable_report_beside_good_ones_is_skipped_with_a_warning():
    junk = ReportBuilder("隨便寫寫的標題行\n沒有任何內容。").build()
    junk.start_line = 9

    result = import_parsed_file(
        parsed_file(cadre_report(), junk, file="mixed.txt"), status=Meeting.Status.DRAFT
    )

    assert result.ok and len(result.created) == 1
    assert result.warnings == ["mixed.txt, line 9: nothing recognisable in this report; skipped"]


def test_the_year_is_never_invented():
    report = (
        ReportBuilder("座談會\n3月5日上午8:30，學校召開座談會。")
        .meeting(
            "座談會", month=3, day=5, date_text="3月5日上午8:30", time_of_day="morning", clock_time="08:30"
        )
        .task("座談會", due="8月底")
        .build()
    )

    import_parsed_file(parsed_file(report), status=Meeting.Status.DRAFT)

    meeting = Meeting.objects.get()
    assert (meeting.year, meeting.year_source, meeting.date, meeting.iso_date) == (
        None,
        Meeting.YearSource.UNKNOWN,
        None,
        "--03-05",
    )
    assert meeting.start_time == datetime.time(8, 30)
    assert meeting.kind == Meeting.Kind.TALK
    assert Task.objects.get().due_date is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("後勤幹部大會", "cadre"),
        ("后勤干部大会", "cadre"),
        ("新任幹部集體談話會", "talk"),
        ("迎新工作推進會", "promotion"),
        ("安全工作部署會", "promotion"),
        ("年度工作總結表彰大會", "summary"),
        ("黨委理論學習中心組學習", "study"),
        ("后勤工作会议", "work"),
        ("開學典禮", "other"),
    ],
)
def test_meeting_kind_is_guessed_from_the_name(name, kind):
    assert guess_meeting_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("物業處", "office"),
        ("后勤保障部", "department"),
        ("能源管理中心", "center"),
        ("膳食科", "section"),
        ("綜合辦公室", "office"),
        ("校醫院", "hospital"),
        ("紀委", "committee"),
        ("學生公寓", "other"),
    ],
)
def test_unit_kind_is_guessed_from_the_name(name, kind):
    assert guess_unit_kind(name) == kind


def _report_with_speeches(n: int, offset: int) -> ReportBuilder:
    names = [
        f"{s}{g}"
        for s, g in zip(
            "張王李趙劉陳楊黃周吳徐孫馬朱胡郭何高林羅" * 2, "國建明軍華平志偉紅麗" * 4, strict=False
        )
    ]
    lines = [f"第{offset}次後勤工作會議"]
    lines += [f"處長{names[i]}{offset}號發言說第{i}件事要落實。" for i in range(n)]
    text = "\n".join(lines)
    b = ReportBuilder(text).meeting(f"第{offset}次後勤工作會議")
    for i in range(n):
        name = f"{names[i]}{offset}號"
        b.person(name, "處長").unit(f"第{i}處")
        b.speech(name, f"說第{i}件事要落實", title="處長", unit=f"第{i}處")
        b.directive(name, 1, f"第{i}件事要落實", speech_index=i)
        b.task(f"第{i}件事", due="8月底", owner_unit=f"第{i}處")
    return b


def test_queries_per_report_do_not_grow_with_its_speeches():
    def measure(n, offset):
        pf = parsed_file(_report_with_speeches(n, offset).build(), file=f"q{offset}.txt")
        with CaptureQueriesContext(connection) as ctx:
            result = import_parsed_file(pf, status=Meeting.Status.DRAFT)
        assert result.ok, result.error
        assert Speech.objects.filter(meeting_id=result.created[0]).count() == n
        return len(ctx.captured_queries)

    # A first file, so both measured files repeat tasks of the same units (one suggestion insert each).
    measure(20, 0)
    ten, twenty = measure(10, 1), measure(20, 2)

    assert twenty == ten
    assert ten <= 45


def _revised_cadre(day: int, tod_text: str, tod: str):
    return cadre_report(day=day, date_text=f"1月{day}日{tod_text}", time_of_day=tod)


def test_a_changed_report_is_a_revision_that_keeps_what_staff_edited(editor):
    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.PUBLISHED)
    meeting = Meeting.objects.get()
    old_report = meeting.source_report
    # Staff correct the venue and record progress on a directive in the admin.
    meeting.venue = "科學館208"
    meeting._history_user = editor
    meeting.save()
    directive = meeting.directives.get(number=1)
    directive.status = Directive.Status.DONE
    directive.save()
    old_speeches = set(meeting.speeches.values_list("pk", flat=True))

    result = import_parsed_file(
        parsed_file(_revised_cadre(15, "上午", "morning")), status=Meeting.Status.DRAFT
    )

    assert result.ok, result.error
    assert (result.created, result.revised) == ([], [meeting.pk])
    meeting.refresh_from_db()
    assert meeting.source_report.previous_revision == old_report
    assert (meeting.day, meeting.date_text, meeting.time_of_day) == (15, "1月15日上午", "morning")
    assert meeting.venue == "科學館208"
    assert meeting.status == Meeting.Status.PUBLISHED
    assert Directive.objects.get(pk=directive.pk).status == Directive.Status.DONE
    assert meeting.directives.count() == 2
    assert meeting.speeches.count() == 4
    assert not old_speeches & set(meeting.speeches.values_list("pk", flat=True))
    assert meeting.tasks.get().due_date == datetime.date(2023, 8, 31)
    assert sorted(meeting.locked_fields) == ["directives", "venue"]
    assert result.not_overwritten == [
        f"reports.txt, line 1: meeting {meeting.pk} field 'venue' kept as edited "
        "('科學館208'; the report now says '科學館207')",
        f"reports.txt, line 1: meeting {meeting.pk} directives kept as edited by staff",
    ]
    assert meeting.history.first().history_change_reason == "匯入（修訂）"
    assert SourceReport.objects.count() == 2
    assert not check_index()

    # A later revision keeps them too, and the same text again is unchanged.
    again = import_parsed_file(
        parsed_file(_revised_cadre(16, "上午", "morning")), status=Meeting.Status.DRAFT
    )
    meeting.refresh_from_db()
    assert (again.revised, meeting.day, meeting.venue) == ([meeting.pk], 16, "科學館208")
    assert SourceReport.objects.filter(later_revisions__isnull=True).get() == meeting.source_report
    same = import_parsed_file(parsed_file(_revised_cadre(16, "上午", "morning")), status=Meeting.Status.DRAFT)
    assert (same.revised, len(same.unchanged)) == ([], 1)


def test_fields_staff_locked_are_not_overwritten():
    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT)
    Meeting.objects.update(locked_fields=["time_of_day", "speeches"])
    speeches = list(Speech.objects.values_list("pk", flat=True))

    result = import_parsed_file(
        parsed_file(_revised_cadre(15, "晚上", "evening")), status=Meeting.Status.DRAFT
    )

    meeting = Meeting.objects.get()
    assert (meeting.day, meeting.time_of_day) == (15, "afternoon")
    assert list(Speech.objects.values_list("pk", flat=True)) == speeches
    assert len(result.not_overwritten) == 2


def test_a_report_renamed_into_another_file_with_the_same_title_and_date_is_a_revision():
    import_parsed_file(parsed_file(cadre_report(), file="old.txt"), status=Meeting.Status.DRAFT)

    result = import_parsed_file(
        parsed_file(_revised_cadre(14, "上午", "morning"), file="new.txt"), status=Meeting.Status.DRAFT
    )

    assert len(result.revised) == 1 and Meeting.objects.count() == 1


def test_a_different_report_with_a_generic_title_in_another_file_is_not_a_revision():
    import_parsed_file(parsed_file(cadre_report(), file="old.txt"), status=Meeting.Status.DRAFT)

    result = import_parsed_file(
        parsed_file(_revised_cadre(20, "上午", "morning"), file="new.txt"), status=Meeting.Status.DRAFT
    )

    assert len(result.created) == 1 and Meeting.objects.count() == 2


def test_a_report_repeated_in_one_file_is_imported_once():
    second = cadre_report(start_line=12)

    result = import_parsed_file(
        parsed_file(cadre_report(), second, file="twice.txt"), status=Meeting.Status.DRAFT
    )

    assert len(result.created) == 1 and Meeting.objects.count() == 1
    assert result.warnings == ["twice.txt, line 12: the same text as report 1 (line 1); skipped"]


def test_speaker_titles_and_roles_come_from_the_titles_the_report_gives():
    report = (
        ReportBuilder("後勤工作會議\n校黨委書记張邁曾出席。张迈曾指出，要抓落实。物業處處長王建明汇报。")
        .meeting("後勤工作會議")
        .person("張邁曾", "校黨委書记")
        .person("王建明", "處長")
        .speech("张迈曾", "要抓落实", label="张迈曾")  # the parser gave no title with the speech
        .speech("王建明", "汇报", kind="report", title="物業處處長")  # …or one closer to it
        .directive("张迈曾", None, "要抓落实", speech_index=0)
        .build()
    )

    import_parsed_file(parsed_file(report), status=Meeting.Status.DRAFT)

    speeches = list(Speech.objects.order_by("order"))
    assert [(s.person.name, s.speaker_title) for s in speeches] == [
        ("張邁曾", "校黨委書记"),
        ("王建明", "物業處處長"),
    ]
    assert dict(Attendance.objects.values_list("person__name", "role")) == {
        "張邁曾": "校黨委書记",
        "王建明": "處長",
    }
    assert Directive.objects.get().speech == speeches[0]


def test_an_appointment_to_a_unit_without_a_post_title_makes_no_post():
    text = "幹部大會\n會議宣佈任命李繼平到物業處工作。"
    report = (
        ReportBuilder(text)
        .meeting("幹部大會")
        .appointment("李繼平", None, "物業處", needle="任命李繼平到物業處工作")
        .build()
    )

    result = import_parsed_file(parsed_file(report), status=Meeting.Status.DRAFT)

    assert result.ok, result.error
    appointment = Appointment.objects.get()
    assert (appointment.person.name, appointment.unit.name, appointment.post, appointment.post_held) == (
        "李繼平",
        "物業處",
        "",
        None,
    )
    assert not Post.objects.exists() and result.posts_created == 0


def test_an_existing_post_taken_over_by_an_appointment_names_the_new_meeting():
    # The post is saved after the file's new meeting is inserted (the rows go in together).
    mention = factories.PostFactory(
        person=factories.PersonFactory(name="程建設"), title="副部長", unit=None, source=Post.Source.MENTION
    )

    import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.DRAFT)

    mention.refresh_from_db()
    meeting = Meeting.objects.get()
    assert (mention.source, mention.source_meeting, mention.unit.name) == (
        Post.Source.APPOINTMENT,
        meeting,
        "後勤保障部",
    )
    assert Appointment.objects.get().post_held == mention


def test_many_reports_of_one_file_are_linked_to_their_own_meetings_and_indexed_without_drift():
    reports = [_report_with_speeches(3, n).build() for n in (1, 2, 3)] + [cadre_report()]
    result = import_parsed_file(parsed_file(*reports, file="many.txt"), status=Meeting.Status.PUBLISHED)

    assert result.ok, result.error
    assert len(result.created) == 4 == len(result.meetings)
    assert [m.pk for m in result.meetings] == result.created
    for meeting in Meeting.objects.all():
        assert all(d.speech.meeting_id == meeting.pk for d in meeting.directives.all())
        assert all(p.source_meeting_id == meeting.pk for p in Post.objects.filter(source_meeting=meeting))
    assert not check_index()
