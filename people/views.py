"""Public pages for people: a searchable list and each person's record as a timeline.

Only meetings the reader may see contribute: a person named only in drafts has no public page.
"""

import hashlib
from collections import defaultdict

from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from minutes import revision
from minutes.activity import person_activity
from minutes.models import Appointment, Attendance, Decision, Directive, Meeting, Speech
from minutes.text_input import bound_query, query_notice
from minutes.views import paginate
from orgunits.models import OrgUnit

from .models import Person, Post

# The roles of minutes.models.PERSON_TIES, in the order a timeline entry shows them.
ROLE_ORDER = ["chaired", "spoke", "attended", "appointed", "announced", "directive", "read", "post"]
# Meetings per page of a person's timeline.
TIMELINE_PAGE = 50


def person_list(request):
    query = bound_query(request.GET.get("q")).text
    people = Person.objects.visible_to(request.user)
    if query:
        people = people.filter(pk__in=Person.objects.matching(query).values("pk"))
    page = paginate(request, people.order_by("pinyin", "name_simplified", "pk"), per_page=60)
    page.object_list = _with_counts(
        list(page.object_list), Meeting.objects.visible_to(request.user), request.user
    )
    return render(
        request,
        "people/person_list.html",
        {"page_obj": page, "people": page.object_list, "query": query, "query_notice": query_notice(request)},
    )


def _with_counts(people, visible, user=None):
    """Set n_speeches and n_meetings (attendances) on a page of people: one grouped query each,
    kept per archive revision for the page's people and kind of reader (``revision.cached``): a
    page of 60 people holds some 30,000 speeches and 10,000 attendances (90 ms at 100,000
    meetings).

    Counting in the list's query joined every speech and attendance of every listed person
    together (500 x 200 rows for a busy person) before DISTINCT; seconds at 1,000,000 paragraphs.
    """
    ids = [person.pk for person in people]

    def compute():
        # EXISTS per row rather than meeting IN (visible ids): SQLite probed (person, meeting) for
        # every visible meeting with the latter (80 ms for a page of 60 people at 100,000 paragraphs).
        in_visible = Exists(visible.filter(pk=OuterRef("meeting")))
        counts = {}
        for name, model in (("n_speeches", Speech), ("n_meetings", Attendance)):
            rows = model.objects.filter(in_visible, person__in=ids).order_by().values("person")
            counts[name] = dict(rows.annotate(n=Count("*")).values_list("person", "n"))
        return counts

    if not ids:
        return people
    reader = "signed-in" if user is not None and user.is_authenticated else "public"
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:32]
    counts = revision.cached(f"person-counts:{reader}:{digest}", compute)
    for person in people:
        for name, by_person in counts.items():
            setattr(person, name, by_person.get(person.pk, 0))
    return people


def _count(rows, field: str):
    """How many of ``rows`` name the outer person in ``field``, as a subquery (0 when none)."""
    rows = rows.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(rows), 0)


def person_detail(request, pk):
    """A person's record: head counts and charts over every visible meeting of the person (counted
    by the database), and a page of the timeline, newest first, with the person's rows in only
    that page's meetings. At most seven queries whatever the number of meetings."""
    visible = Meeting.objects.visible_to(request.user)
    visible_ids = visible.values("pk")
    person = get_object_or_404(
        Person.objects.visible_to(request.user).annotate(
            n_speeches=_count(Speech.objects.filter(meeting__in=visible_ids), "person"),
            n_directives=_count(Directive.objects.filter(meeting__in=visible_ids), "issuer"),
            n_open_directives=_count(
                Directive.objects.filter(meeting__in=visible_ids).exclude(status="done"), "issuer"
            ),
            n_appointments=_count(Appointment.objects.filter(meeting__in=visible_ids), "person"),
        ),
        pk=pk,
    )
    activity, role_counts = person_activity(visible, person.pk)
    # The timeline is exactly the definition's meetings; the rows below only say in what role. A
    # person is in a meeting at most once (attendance_person_once), read with the meeting.
    attendance = Attendance.objects.filter(meeting=OuterRef("pk"), person=person.pk)
    meetings = (
        visible.for_list()
        .involving_person(person, whole=True)
        .in_date_order()
        .annotate(
            attendance_category=Subquery(attendance.values("category")[:1]),
            attendance_role=Subquery(attendance.values("role")[:1]),
        )
    )
    # Counted over the whole record, shown a page at a time: the busiest person of a large archive
    # is in hundreds of meetings, which took a quarter of a second to read and lay out.
    page = paginate(request, meetings, per_page=TIMELINE_PAGE, count=role_counts["meetings"])
    page_meetings = list(page.object_list)
    ids = [meeting.pk for meeting in page_meetings]
    speeches = Speech.objects.filter(person=person, meeting__in=ids).order_by("meeting", "order")
    directives = Directive.objects.filter(issuer=person, meeting__in=ids).order_by("meeting", "order", "pk")
    # A post entered by hand names its unit without a meeting: shown only if the unit is public.
    posts = list(
        Post.objects.filter(person=person)
        .filter(Q(source_meeting__isnull=True) | Q(source_meeting__in=visible_ids))
        .filter(Q(unit__isnull=True) | Q(unit__in=OrgUnit.objects.visible_to(request.user)))
        .select_related("unit")
        .order_by("start_date", "pk")
    )

    roles = defaultdict(set)
    items = defaultdict(lambda: defaultdict(list))
    for meeting in page_meetings:
        if meeting.chair_id == person.pk:
            roles[meeting.pk].add("chaired")
        if meeting.attendance_category is not None:
            roles[meeting.pk].add("chaired" if meeting.attendance_category == "chaired" else "attended")
            items[meeting.pk]["attendance"].append(Attendance(role=meeting.attendance_role))
    for speech in speeches:
        roles[speech.meeting_id].add("spoke")
        items[speech.meeting_id]["speeches"].append(speech)
    for directive in directives:
        roles[directive.meeting_id].add("directive")
        items[directive.meeting_id]["directives"].append(directive)
    for row in _appointments_and_decisions(person, ids):
        if isinstance(row, Decision):
            roles[row.meeting_id].add("read")
            items[row.meeting_id]["decisions"].append(row)
            continue
        if row.person_id == person.pk:
            roles[row.meeting_id].add("appointed")
            items[row.meeting_id]["appointments"].append(row)
        if row.announced_by_id == person.pk:
            roles[row.meeting_id].add("announced")
    for post in posts:
        if post.source_meeting_id is not None:
            roles[post.source_meeting_id].add("post")

    page.object_list = [
        {
            "meeting": meeting,
            "roles": [role for role in ROLE_ORDER if role in roles[meeting.pk]],
            **items[meeting.pk],
        }
        for meeting in page_meetings
    ]
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "posts": posts,
            "timeline": page.object_list,
            "page_obj": page,
            "role_counts": role_counts,
            "activity": activity,
        },
    )


# The columns of _appointments_and_decisions, the same for both models.
_ROW_COLUMNS = ("row_kind", "row_pk", "row_meeting", "row_order", "row_text", "row_unit", "row_unit_name")


def _appointments_and_decisions(person, meeting_ids):
    """The appointments of or announced by ``person`` and the documents the person read in these
    meetings, in the meetings' order: one query (a UNION ALL), as unsaved-looking instances holding
    what the timeline shows (post, unit name, removal; title)."""
    if not meeting_ids:
        return []
    appointments = (
        Appointment.objects.filter(Q(person=person) | Q(announced_by=person), meeting__in=meeting_ids)
        .annotate(
            row_kind=Value("appointment"),
            row_pk=F("pk"),
            row_meeting=F("meeting_id"),
            row_order=F("order"),
            row_text=F("post"),
            row_unit=F("unit_id"),
            row_unit_name=F("unit__name"),
            row_person=F("person_id"),
            row_announced_by=F("announced_by_id"),
            row_removal=F("is_removal"),
        )
        .order_by()
        .values_list(*_ROW_COLUMNS, "row_person", "row_announced_by", "row_removal")
    )
    decisions = (
        Decision.objects.filter(read_by=person, meeting__in=meeting_ids)
        .annotate(
            row_kind=Value("decision"),
            row_pk=F("pk"),
            row_meeting=F("meeting_id"),
            row_order=F("order"),
            row_text=F("title"),
            row_unit=Value(None, output_field=IntegerField()),
            row_unit_name=Value(None, output_field=CharField()),
            row_person=Value(None, output_field=IntegerField()),
            row_announced_by=Value(None, output_field=IntegerField()),
            row_removal=Value(False),
        )
        .order_by()
        .values_list(*_ROW_COLUMNS, "row_person", "row_announced_by", "row_removal")
    )
    rows = []
    for kind, pk, meeting, order, text, unit, unit_name, appointed, announced_by, removal in sorted(
        appointments.union(decisions, all=True), key=lambda row: (row[2], row[3], row[1])
    ):
        if kind == "decision":
            rows.append(Decision(pk=pk, meeting_id=meeting, order=order, title=text))
            continue
        appointment = Appointment(
            pk=pk,
            meeting_id=meeting,
            order=order,
            post=text,
            person_id=appointed,
            announced_by_id=announced_by,
            is_removal=bool(removal),
        )
        if unit is not None:
            appointment.unit = OrgUnit(pk=unit, name=unit_name)
        rows.append(appointment)
    return rows
