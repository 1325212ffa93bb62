"""Public pages for people: a searchable list and each person's record as a timeline.

Only meetings the reader may see contribute: a person named only in drafts has no public page.
"""

import hashlib
from collections import defaultdict

from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from minutes import revision
from minutes.activity import person_activity
from minutes.context_processors import simplified_active
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
    that page's meetings.

    Both are kept per archive revision (``revision.cached``) for each kind of reader, language and
    script, as data and as rendered markup: the busiest person's page spent most of its time
    laying out the charts and 50 timeline entries. A kept page costs one query (the revision); a
    page counted afresh at most seven."""
    user = request.user
    reader = "signed-in" if user is not None and user.is_authenticated else "public"
    variant = f"{pk}:{reader}:{get_language()}:{'hans' if simplified_active() else 'stored'}"
    at = revision.current()
    record = revision.cached(f"person:{variant}", lambda: _person_record(user, pk) or False, at=at)
    if not record:
        raise Http404
    person = record["person"]
    # Counted over the whole record, shown a page at a time: the busiest person of a large archive
    # is in hundreds of meetings, which took a quarter of a second to read and lay out.
    page = paginate(request, _timeline_meetings(user, pk), per_page=TIMELINE_PAGE, count=record["count"])
    timeline = revision.cached(
        f"person-timeline:{variant}:{page.number}",
        lambda: _timeline_page(person, record["posts"], page.object_list),
        at=at,
    )
    page.object_list = timeline["entries"]
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "posts": record["posts"],
            "record": record,
            "timeline": page.object_list,
            "timeline_html": timeline["html"],
            "page_obj": page,
            "role_counts": record["role_counts"],
            "activity": record["activity"],
        },
    )


def _person_record(user, pk):
    """The head of a person's page (counts, charts, posts) as data and markup, or None when the
    reader may not see the person."""
    visible = Meeting.objects.visible_to(user)
    visible_ids = visible.values("pk")
    person = (
        Person.objects.visible_to(user)
        .annotate(
            n_speeches=_count(Speech.objects.filter(meeting__in=visible_ids), "person"),
            n_directives=_count(Directive.objects.filter(meeting__in=visible_ids), "issuer"),
            n_open_directives=_count(
                Directive.objects.filter(meeting__in=visible_ids).exclude(status="done"), "issuer"
            ),
            n_appointments=_count(Appointment.objects.filter(meeting__in=visible_ids), "person"),
        )
        .filter(pk=pk)
        .first()
    )
    if person is None:
        return None
    activity, role_counts = person_activity(visible, person.pk)
    # A post entered by hand names its unit without a meeting: shown only if the unit is public.
    posts = list(
        Post.objects.filter(person=person)
        .filter(Q(source_meeting__isnull=True) | Q(source_meeting__in=visible_ids))
        .filter(Q(unit__isnull=True) | Q(unit__in=OrgUnit.objects.visible_to(user)))
        .select_related("unit")
        .order_by("start_date", "pk")
    )
    context = {"person": person, "posts": posts, "role_counts": role_counts, "activity": activity}
    return {
        **context,
        "count": role_counts["meetings"],
        "head": render_to_string("people/includes/person_head.html", context),
        "posts_html": render_to_string("people/includes/person_posts.html", context),
    }


def _timeline_meetings(user, pk):
    """The timeline's meetings, newest first: exactly the definition's meetings; the rows read for
    a page only say in what role. A person is in a meeting at most once (attendance_person_once),
    read with the meeting."""
    attendance = Attendance.objects.filter(meeting=OuterRef("pk"), person=pk)
    return (
        Meeting.objects.visible_to(user)
        .for_list()
        .involving_person(pk, whole=True)
        .in_date_order()
        .annotate(
            attendance_category=Subquery(attendance.values("category")[:1]),
            attendance_role=Subquery(attendance.values("role")[:1]),
        )
    )


def _timeline_page(person, posts, meetings):
    """A page of the timeline: each meeting with the person's roles and rows in it (one query for
    the meetings, one for the rows), as data and markup."""
    page_meetings = list(meetings)
    roles = defaultdict(set)
    items = defaultdict(lambda: defaultdict(list))
    for meeting in page_meetings:
        if meeting.chair_id == person.pk:
            roles[meeting.pk].add("chaired")
        if meeting.attendance_category is not None:
            roles[meeting.pk].add("chaired" if meeting.attendance_category == "chaired" else "attended")
            items[meeting.pk]["attendance"].append(Attendance(role=meeting.attendance_role))
    for row in _person_rows(person, [meeting.pk for meeting in page_meetings]):
        if isinstance(row, Speech):
            roles[row.meeting_id].add("spoke")
            items[row.meeting_id]["speeches"].append(row)
        elif isinstance(row, Directive):
            roles[row.meeting_id].add("directive")
            items[row.meeting_id]["directives"].append(row)
        elif isinstance(row, Decision):
            roles[row.meeting_id].add("read")
            items[row.meeting_id]["decisions"].append(row)
        else:
            if row.person_id == person.pk:
                roles[row.meeting_id].add("appointed")
                items[row.meeting_id]["appointments"].append(row)
            if row.announced_by_id == person.pk:
                roles[row.meeting_id].add("announced")
    for post in posts:
        if post.source_meeting_id is not None:
            roles[post.source_meeting_id].add("post")
    entries = [
        {
            "meeting": meeting,
            "roles": [role for role in ROLE_ORDER if role in roles[meeting.pk]],
            **items[meeting.pk],
        }
        for meeting in page_meetings
    ]
    html = render_to_string("people/includes/timeline.html", {"timeline": entries}) if entries else ""
    return {"entries": entries, "html": html}


# The columns of _person_rows, the same for every model.
_ROW_COLUMNS = (
    "row_kind",
    "row_pk",
    "row_meeting",
    "row_order",
    "row_text",
    "row_unit",
    "row_unit_name",
    "row_person",
    "row_announced_by",
    "row_removal",
    "row_title",
    "row_code",
    "row_number",
)


def _rows(queryset, kind: str, **columns):
    """``queryset`` as the columns of _person_rows, in their order (None where the model has no
    such column)."""
    nulls = {
        "row_text": CharField(),
        "row_unit": IntegerField(),
        "row_unit_name": CharField(),
        "row_person": IntegerField(),
        "row_announced_by": IntegerField(),
        "row_title": CharField(),
        "row_code": CharField(),
        "row_number": IntegerField(),
    }
    given = {
        "row_kind": Value(kind),
        "row_pk": F("pk"),
        "row_meeting": F("meeting_id"),
        "row_order": F("order"),
        "row_removal": Value(False),
        **columns,
    }
    values = {
        # typed: PostgreSQL gives an untyped NULL in the first branches of a UNION the type text
        name: given[name] if name in given else Cast(Value(None), nulls[name])
        for name in _ROW_COLUMNS
    }
    return queryset.annotate(**values).order_by().values_list(*_ROW_COLUMNS)


def _person_rows(person, meeting_ids):
    """The person's speeches and directives, the appointments of or announced by the person and
    the documents the person read in these meetings, in the meetings' order: one query (a UNION
    ALL), as unsaved-looking instances holding what the timeline shows."""
    if not meeting_ids:
        return []
    speeches = _rows(
        Speech.objects.filter(person=person, meeting__in=meeting_ids),
        "speech",
        row_text=F("text"),
        row_title=F("speaker_title"),
        row_code=F("kind"),
    )
    directives = _rows(
        Directive.objects.filter(issuer=person, meeting__in=meeting_ids),
        "directive",
        row_text=F("text"),
        row_code=F("status"),
        row_number=F("number"),
    )
    appointments = _rows(
        Appointment.objects.filter(Q(person=person) | Q(announced_by=person), meeting__in=meeting_ids),
        "appointment",
        row_text=F("post"),
        row_unit=F("unit_id"),
        row_unit_name=F("unit__name"),
        row_person=F("person_id"),
        row_announced_by=F("announced_by_id"),
        row_removal=F("is_removal"),
    )
    decisions = _rows(
        Decision.objects.filter(read_by=person, meeting__in=meeting_ids), "decision", row_text=F("title")
    )
    rows = []
    found = speeches.union(directives, appointments, decisions, all=True)
    for row in sorted(found, key=lambda row: (row[2], row[3], row[1])):
        (
            kind,
            pk,
            meeting,
            order,
            text,
            unit,
            unit_name,
            appointed,
            announced_by,
            removal,
            title,
            code,
            number,
        ) = row
        if kind == "speech":
            rows.append(
                Speech(pk=pk, meeting_id=meeting, order=order, text=text, speaker_title=title, kind=code)
            )
        elif kind == "directive":
            rows.append(
                Directive(pk=pk, meeting_id=meeting, order=order, text=text, status=code, number=number)
            )
        elif kind == "decision":
            rows.append(Decision(pk=pk, meeting_id=meeting, order=order, title=text))
        else:
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
