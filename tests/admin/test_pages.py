"""Every admin page renders for an editor, with a number of queries that does not grow with rows."""

import pytest
from django.urls import reverse

from minutes.models import Meeting
from tests import factories


def full_meeting(**kwargs):
    report = factories.SourceReportFactory(
        text="後勤工作會議紀要\n7月19日，張邁曾主持會議。張邁曾要求：一要學習；二要落實。"
    )
    meeting = factories.MeetingFactory(
        source_report=report,
        chair=factories.PersonFactory(name="張邁曾"),
        organizer=factories.OrgUnitFactory(),
        source_spans={"date": [9, 14]},
        **kwargs,
    )
    for n in range(3):
        factories.AttendanceFactory(meeting=meeting, order=n, unit=factories.OrgUnitFactory())
    speeches = [
        factories.SpeechFactory(
            meeting=meeting, order=n + 1, unit=factories.OrgUnitFactory(), span_start=15, span_end=30
        )
        for n in range(3)
    ]
    for n in range(3):
        factories.DirectiveFactory(meeting=meeting, speech=speeches[0], span_start=20 + n, span_end=24 + n)
        factories.AppointmentFactory(meeting=meeting, announced_by=meeting.chair)
        factories.DecisionFactory(meeting=meeting, read_by=meeting.chair)
        factories.TaskFactory(meeting=meeting, owner_unit=factories.OrgUnitFactory())
    return meeting


def changelist_urls():
    return [
        "admin:minutes_meeting_changelist",
        "admin:minutes_sourcereport_changelist",
        "admin:minutes_directive_changelist",
        "admin:minutes_task_changelist",
        "admin:people_person_changelist",
        "admin:people_post_changelist",
        "admin:orgunits_orgunit_changelist",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", changelist_urls())
def test_changelist_query_count_does_not_grow_with_rows(
    client, editor, url_name, django_assert_max_num_queries
):
    client.force_login(editor)
    full_meeting()
    with django_assert_max_num_queries(40) as few:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    small = len(few.captured_queries)
    for _ in range(9):
        full_meeting()
        factories.PostFactory()
    with django_assert_max_num_queries(small):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.django_db
def test_meeting_changelist_with_30_rows_costs_no_more_than_with_3(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    chair = factories.PersonFactory()
    factories.MeetingFactory.create_batch(3, chair=chair, organizer=factories.OrgUnitFactory())
    with django_assert_max_num_queries(30) as three:
        assert client.get(reverse("admin:minutes_meeting_changelist")).status_code == 200
    factories.MeetingFactory.create_batch(27, chair=chair, organizer=factories.OrgUnitFactory())
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(reverse("admin:minutes_meeting_changelist"))
    assert response.context["cl"].result_count == 30


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "admin:minutes_meeting_add",
        "admin:people_person_add",
        "admin:orgunits_orgunit_add",
        "admin:minutes_directive_add",
        "admin:minutes_task_add",
        "admin:people_post_add",
        "admin:minutes_meeting_from_text",
    ],
)
def test_add_pages_render(client, editor, url_name, django_assert_max_num_queries):
    client.force_login(editor)
    with django_assert_max_num_queries(25):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.django_db
def test_meeting_change_page_renders_with_bounded_queries(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    meeting = full_meeting(status=Meeting.Status.DRAFT)
    with django_assert_max_num_queries(35) as small:
        response = client.get(reverse("admin:minutes_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="span-meeting-date"' in body
    assert "inline-order.js" in body
    for n in range(10):
        factories.SpeechFactory(meeting=meeting, order=100 + n, unit=factories.OrgUnitFactory())
        factories.AttendanceFactory(meeting=meeting, order=10 + n, unit=factories.OrgUnitFactory())
        factories.DirectiveFactory(meeting=meeting, issuer=factories.PersonFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("admin:minutes_meeting_change", args=[meeting.pk]))
    assert response.content.decode().count('class="inline-order') >= 45


@pytest.mark.django_db
def test_other_change_pages_render(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    meeting = full_meeting()
    directive = meeting.directives.first()
    task = meeting.tasks.first()
    unit = meeting.organizer
    factories.OrgUnitAliasFactory(unit=unit)
    person = meeting.chair
    factories.PostFactory(person=person)
    pages = [
        ("admin:minutes_sourcereport_change", meeting.source_report.pk),
        ("admin:minutes_directive_change", directive.pk),
        ("admin:minutes_task_change", task.pk),
        ("admin:people_person_change", person.pk),
        ("admin:orgunits_orgunit_change", unit.pk),
        ("admin:people_post_change", person.posts.first().pk),
        ("admin:minutes_meeting_history", meeting.pk),
    ]
    for name, pk in pages:
        with django_assert_max_num_queries(30):
            response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 200, name
