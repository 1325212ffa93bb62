"""Public pages for people: a searchable list and each person's record as a timeline.

Only meetings the reader may see contribute: a person named only in drafts has no public page.
"""

import hashlib
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q
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
PRESENT_ROLES = {"chaired", "spoke", "attended", "announced", "directive", "read"}
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


def person_detail(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    visible = Meeting.objects.visible_to(request.user)
    visible_ids = visible.values("pk")
    # The timeline is exactly the definition's meetings; the rows below only say in what role.
    meetings = list(visible.for_list().involving_person(person, whole=True).in_date_order())
    speeches = list(
        Speech.objects.filter(person=person, meeting__in=visible_ids).order_by("meeting", "order")
    )
    attendances = list(Attendance.objects.filter(person=person, meeting__in=visible_ids))
    directives = list(
        Directive.objects.filter(issuer=person, meeting__in=visible_ids).order_by("meeting", "order", "pk")
    )
    appointments_here = list(
        Appointment.objects.filter(Q(person=person) | Q(announced_by=person), meeting__in=visible_ids)
        .select_related("unit")
        .order_by("meeting", "order", "pk")
    )
    appointments = [a for a in appointments_here if a.person_id == person.pk]
    decisions = list(Decision.objects.filter(read_by=person, meeting__in=visible_ids))
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
    for meeting in meetings:
        if meeting.chair_id == person.pk:
            roles[meeting.pk].add("chaired")
    for attendance in attendances:
        roles[attendance.meeting_id].add("chaired" if attendance.category == "chaired" else "attended")
        items[attendance.meeting_id]["attendance"].append(attendance)
    for speech in speeches:
        roles[speech.meeting_id].add("spoke")
        items[speech.meeting_id]["speeches"].append(speech)
    for directive in directives:
        roles[directive.meeting_id].add("directive")
        items[directive.meeting_id]["directives"].append(directive)
    for appointment in appointments_here:
        if appointment.person_id == person.pk:
            roles[appointment.meeting_id].add("appointed")
            items[appointment.meeting_id]["appointments"].append(appointment)
        if appointment.announced_by_id == person.pk:
            roles[appointment.meeting_id].add("announced")
    for decision in decisions:
        roles[decision.meeting_id].add("read")
        items[decision.meeting_id]["decisions"].append(decision)
    for post in posts:
        if post.source_meeting_id is not None:
            roles[post.source_meeting_id].add("post")

    timeline = [
        {
            "meeting": meeting,
            "roles": [role for role in ROLE_ORDER if role in roles[meeting.pk]],
            **items[meeting.pk],
        }
        for meeting in meetings
    ]
    # Counted over the whole record, shown a page at a time: the busiest person of a large archive
    # is in hundreds of meetings, which took a quarter of a second to render on one page.
    page = paginate(request, timeline, per_page=TIMELINE_PAGE)
    role_counts = {role: sum(1 for entry in timeline if role in entry["roles"]) for role in ROLE_ORDER}
    role_counts["meetings"] = len(timeline)
    # Chairing, speaking or reading a document all mean the person was there; being appointed does not.
    role_counts["present"] = sum(1 for entry in timeline if PRESENT_ROLES.intersection(entry["roles"]))
    # The chart counts roles as the meeting list's role filter does: a chairing attendance is an
    # attendance too.
    attended = {attendance.meeting_id for attendance in attendances}
    activity = person_activity(
        meetings, {pk: held | ({"attended"} if pk in attended else set()) for pk, held in roles.items()}
    )
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
            "n_speeches": len(speeches),
            "directives": directives,
            "appointments": appointments,
            "open_directives": sum(1 for d in directives if d.status != "done"),
        },
    )
