"""Public meeting pages: home, the filtered list, a meeting with its source, and date archives.

Every queryset starts from ``Meeting.objects.visible_to(request.user)``: anonymous readers see
published public meetings, signed-in staff also internal ones, and drafts stay in the admin (staff
who may view meetings there preview one on its own page, under a banner).
"""

import calendar
import copy
import datetime
from collections import defaultdict

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, RowNumber
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from orgunits.models import OrgUnit
from people.models import Person

from . import revision, workflow
from .context_processors import (
    AS_STORED,
    SCRIPT_COOKIE,
    SIMPLIFIED,
    interface_is_simplified,
    simplified_active,
)
from .filters import MeetingFilter
from .models import (
    PREVIEW_PARAM,
    Appointment,
    Attendance,
    Decision,
    Directive,
    FollowUp,
    Meeting,
    Speech,
    Task,
)
from .pagination import (
    CappedIdsFirstPaginator,
    CappedPaginator,
    IdsFirstPaginator,
    KnownCountIdsFirstPaginator,
    KnownCountPaginator,
)
from .speech_groups import joint_speeches
from .text_input import query_notice

PAGE_SIZE = 25
# Meetings listed per month on a year page; the month's own page lists all of them.
MONTH_PREVIEW = 20
# The chair first, as minutes name them: 主持, 出席, 列席, 請假.
ATTENDANCE_ORDER = ["chaired", "attended", "nonvoting", "excused"]


def _attendance_rank(category: str) -> int:
    return ATTENDANCE_ORDER.index(category) if category in ATTENDANCE_ORDER else len(ATTENDANCE_ORDER)


def _count_of(model, **extra):
    rows = model.objects.filter(meeting=OuterRef("pk"), **extra).order_by().values("meeting")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0, output_field=IntegerField())


COUNT_NAMES = ("n_speeches", "n_directives", "n_appointments", "n_tasks")


def with_counts(queryset):
    """List rows with how many speeches, directives, appointments and tasks each meeting has."""
    return queryset.annotate(
        n_speeches=_count_of(Speech),
        n_directives=_count_of(Directive),
        n_appointments=_count_of(Appointment),
        n_tasks=_count_of(Task),
    )


def counted(meetings) -> list:
    """``with_counts`` for meetings already fetched (a page of a list), in one query over their ids.

    Annotating a paginated queryset instead makes the database count for every row it skips
    before OFFSET, and for every row under a filter's DISTINCT: seconds for a late page or a
    filtered list of 100,000 meetings, where this costs 25 index lookups.
    """
    meetings = list(meetings)
    if not meetings:
        return meetings
    ids = [meeting.pk for meeting in meetings]
    rows = with_counts(Meeting.objects.filter(pk__in=ids).order_by()).values_list("pk", *COUNT_NAMES)
    counts = {pk: values for pk, *values in rows}
    for meeting in meetings:
        for name, value in zip(COUNT_NAMES, counts[meeting.pk], strict=True):
            setattr(meeting, name, value)
    return meetings


def home_totals(user) -> dict[str, int]:
    """The archive's totals for ``user`` (the speeches alone cost a scan of every paragraph:
    hundreds of ms at 100,000 meetings); counted once per archive revision with the rest of the
    home page (``home_lists``)."""
    visible = Meeting.objects.visible_to(user)
    return {
        "meetings": visible.count(),
        "people": Person.objects.visible_to(user).count(),
        "units": OrgUnit.objects.visible_to(user).count(),
        "speeches": Speech.objects.filter(meeting__in=visible.values("pk")).count(),
    }


def home_lists(user) -> dict:
    """The home page's latest meetings, soonest open tasks and newest open directives, and the
    archive's totals: none depends on the day or the request, so they are read once per archive
    revision for each kind of reader (``revision.cached``). The newest open directives alone took
    45 ms at 100,000 meetings (on PostgreSQL the undated meetings sort first, and each one's
    directives are sorted)."""
    visible = Meeting.objects.visible_to(user)
    visible_ids = visible.values("pk")
    open_tasks = (
        Task.objects.open()
        .filter(meeting__in=visible_ids)
        .select_related("meeting", "owner_unit")
        .order_by("due_date", "meeting__date", "pk")
    )
    upcoming_tasks = list(open_tasks.filter(due_date__isnull=False)[:8])
    if len(upcoming_tasks) < 8:
        # Without due_date in the ORDER BY (it is NULL in every row here) the database walks the
        # meetings' date index and stops after a few rows, instead of sorting every open task.
        undated = open_tasks.filter(due_date__isnull=True).order_by("meeting__date", "pk")
        upcoming_tasks += list(undated[: 8 - len(upcoming_tasks)])
    open_directives = list(
        Directive.objects.open()
        .filter(meeting__in=visible_ids)
        .select_related("meeting", "issuer")
        .order_by("-meeting__date", "meeting", "order", "pk")[:8]
    )
    return {
        "latest": list(with_counts(visible.for_list().in_date_order())[:8]),
        "counts": home_totals(user),
        "open_tasks": upcoming_tasks,
        "open_directives": open_directives,
    }


def home(request):
    signed_in = request.user is not None and request.user.is_authenticated
    lists = revision.cached(
        f"home:{'signed-in' if signed_in else 'public'}", lambda: home_lists(request.user)
    )
    return render(request, "home.html", {**lists, "today": datetime.date.today()})


def paginate(request, queryset, per_page=PAGE_SIZE, count_cap=None, count=None, ids_first=False):
    """A page that never fails: ``page=abc`` is the first page, ``page=99999`` the last. With
    ``count_cap`` the count stops there (``page_obj.paginator.capped``) and is kept per archive
    revision; with ``count`` the list
    is not counted; with ``ids_first`` a later page reads its ids first (``IdsFirstMixin``)."""
    number = request.GET.get("page")
    if count is not None:
        cls = KnownCountIdsFirstPaginator if ids_first else KnownCountPaginator
        return cls(queryset, per_page, count=count).get_page(number)
    if count_cap is not None:
        cls = CappedIdsFirstPaginator if ids_first else CappedPaginator
        return cls(queryset, per_page, cap=count_cap, kept=True).get_page(number)
    return (IdsFirstPaginator if ids_first else Paginator)(queryset, per_page).get_page(number)


def paginate_meetings(request, queryset, per_page=PAGE_SIZE, count_cap=None, count=None):
    """A page of meetings with their counts (see ``counted``), later pages read ids first as the
    API's are: the last page of 100,000 meetings no longer joins every skipped row."""
    page = paginate(request, queryset, per_page, count_cap, count, ids_first=True)
    page.object_list = counted(page.object_list)
    return page


def _active_filter_count(params) -> int:
    """How many filters the query string sets (the person's typed name and chosen id count once)."""
    keys = {key for key, value in params.items() if value.strip() and key not in {"page", "sort"}}
    if "person" in keys:
        keys.discard("person_name")
    return len(keys)


def reader_variant(request) -> str:
    """What a kept page's markup depends on besides its URL: the kind of reader (what
    ``visible_to`` lets them see), the interface language and the script of the archive's text."""
    user = request.user
    reader = "signed-in" if user is not None and user.is_authenticated else "public"
    return f"{reader}:{get_language()}:{'hans' if simplified_active() else 'stored'}"


def kept_page(page):
    """``page`` as it can be kept in the cache: its rows a list and its paginator counted, without
    the queryset (pickling one would read every row of the list)."""
    paginator = copy.copy(page.paginator)
    paginator.count, paginator.num_pages  # noqa: B018 (counted before the queryset goes)
    if isinstance(paginator, CappedPaginator):
        paginator._capped_count  # noqa: B018
    paginator.object_list = ()
    return Page(list(page.object_list), page.number, paginator)


def kept_content(request, name: str, template: str, build, *, fresh_only=(), variant: str = "") -> dict:
    """A page's content kept as markup per archive revision (``revision.cached``) for each kind of
    reader, language, script and query string (filters, sort, page): ``build()`` gives the
    template's context (None: not found, kept too), rendered with ``template``; the context is kept
    with it (a page of rows as ``kept_page``), except ``fresh_only`` (a bound form), given only
    when counted afresh. A kept page costs the revision query; most of a request was laying out
    the rows."""
    key = f"{name}:{reader_variant(request)}:{variant}:{request.META.get('QUERY_STRING', '')}"
    fresh = {}

    def compute():
        context = build()
        if context is None:
            return False
        html = render_to_string(template, context, request=request)
        fresh.update({name: context[name] for name in fresh_only if name in context})
        kept = {name: value for name, value in context.items() if name not in fresh_only}
        page = kept.get("page_obj")
        if page is not None:
            kept["page_obj"] = kept_page(page)
            if kept.get("meetings") is page.object_list:
                kept["meetings"] = kept["page_obj"].object_list
        return {**kept, "content_html": html}

    found = revision.cached(key, compute)
    if not found:
        raise Http404
    return {**found, **fresh}


def _meeting_list_context(request) -> dict:
    base = Meeting.objects.visible_to(request.user).for_list()
    meeting_filter = MeetingFilter(request.GET or None, queryset=base, request=request)
    if meeting_filter.is_bound and not meeting_filter.form.is_valid():
        queryset = base.none()
    else:
        queryset = meeting_filter.qs
    page = paginate_meetings(
        request,
        meeting_filter.sorted(queryset),
        count_cap=meeting_filter.count_cap,
        count=meeting_filter.kept_count(),
    )
    chosen_person = None
    if meeting_filter.is_bound and meeting_filter.form.is_valid():
        chosen_person = meeting_filter.form.cleaned_data.get("person")
    return {
        "filter": meeting_filter,
        "form": meeting_filter.form,
        "page_obj": page,
        "meetings": page.object_list,
        "chosen_person": chosen_person,
        "is_filtered": any(v for k, v in request.GET.items() if k not in {"page", "sort"}),
        "active_filters": _active_filter_count(request.GET),
        "query_notice": query_notice(request),
    }


def meeting_list(request):
    """The list, kept as markup (``kept_content``): laying out 25 rows and the filter form (every
    unit the reader may know of) was most of a request."""
    context = kept_content(
        request,
        "meeting-list",
        "minutes/includes/meeting_list_content.html",
        lambda: _meeting_list_context(request),
        fresh_only=("filter", "form"),
    )
    return render(request, "minutes/meeting_list.html", context)


# Fields of ``in_date_order()`` (all descending, nulls last), most significant first.
DATE_ORDER_FIELDS = ("date", "month", "day", "pk")


def _later_in_list(meeting, older: bool) -> Q:
    """Meetings listed after ``meeting`` in ``in_date_order()`` (older) or before it (newer).

    Lexicographic over DATE_ORDER_FIELDS with the list's rules: descending, and an unknown value
    sorts after every known one (so an unknown value is "older" and two unknowns are equal).
    """
    result = Q(pk__in=[])
    equal_so_far = Q()
    for field in DATE_ORDER_FIELDS:
        value = getattr(meeting, field)
        if value is None:
            beyond = Q(pk__in=[]) if older else Q(**{f"{field}__isnull": False})
            same = Q(**{f"{field}__isnull": True})
        else:
            lookup = "lt" if older else "gt"
            beyond = Q(**{f"{field}__{lookup}": value})
            if older:
                beyond |= Q(**{f"{field}__isnull": True})
            same = Q(**{field: value})
        result |= equal_so_far & beyond
        equal_so_far &= same
    return result


def _neighbours(visible, meeting):
    """The previous (older) and next (newer) visible meeting in list order, in one query: each is
    a scalar subquery the database answers once through the date index, the outer query two
    primary-key lookups."""
    older_q = _later_in_list(meeting, older=True)
    older = visible.filter(older_q).in_date_order().values("pk")[:1]
    newer = visible.filter(_later_in_list(meeting, older=False)).in_date_order().reverse().values("pk")[:1]
    rows = (
        visible.for_list()
        .filter(Q(pk=Subquery(older)) | Q(pk=Subquery(newer)))
        .annotate(is_older=ExpressionWrapper(older_q, output_field=BooleanField()))
    )
    found = {row.is_older: row for row in rows}
    return found.get(True), found.get(False)


# The children meeting_detail has prefetched; the decisions and the tasks are read together.
DETAIL_PREFETCHED = ("attendances", "speeches", "directives", "appointments")
# The columns of _read_decisions_and_tasks, the same for both models.
_DETAIL_ROW_COLUMNS = {
    "row_kind": None,
    "row_pk": None,
    "row_order": None,
    "row_text": CharField(),
    "row_span_start": IntegerField(),
    "row_span_end": IntegerField(),
    "row_ref": IntegerField(),
    "row_ref_name": CharField(),
    "row_label": CharField(),
    "row_due": DateField(),
    "row_status": CharField(),
}


def _detail_rows(queryset, kind: str, **columns):
    given = {"row_kind": Value(kind), "row_pk": F("pk"), "row_order": F("order"), **columns}
    values = {
        # typed: PostgreSQL gives an untyped NULL in the first branch of a UNION the type text
        name: given[name] if name in given else Cast(Value(None), field)
        for name, field in _DETAIL_ROW_COLUMNS.items()
    }
    return queryset.annotate(**values).order_by().values_list(*_DETAIL_ROW_COLUMNS)


def _read_decisions_and_tasks(meeting) -> dict[str, list]:
    """The meeting's decisions and tasks (in their models' order) in one query, a UNION ALL, instead
    of a prefetch each, for the page and the source text's marks: the page reads at most eight
    queries signed in."""
    tasks = _detail_rows(
        Task.objects.filter(meeting=meeting),
        "task",
        row_text=F("text"),
        row_span_start=F("span_start"),
        row_span_end=F("span_end"),
        row_ref=F("owner_unit_id"),
        row_ref_name=F("owner_unit__name"),
        row_label=F("due_text"),
        row_due=F("due_date"),
        row_status=F("status"),
    )
    decisions = _detail_rows(
        Decision.objects.filter(meeting=meeting),
        "decision",
        row_text=F("title"),
        row_span_start=F("span_start"),
        row_span_end=F("span_end"),
        row_ref=F("read_by_id"),
        row_ref_name=F("read_by__name"),
        row_label=F("read_by_label"),
    )
    found = {"decision": [], "task": []}
    for kind, pk, order, text, start, end, ref, ref_name, label, due, status in sorted(
        tasks.union(decisions, all=True), key=lambda row: (row[2], row[1])
    ):
        common = {"pk": pk, "meeting": meeting, "order": order, "span_start": start, "span_end": end}
        if kind == "decision":
            read_by = Person(pk=ref, name=ref_name) if ref is not None else None
            found[kind].append(Decision(**common, title=text, read_by=read_by, read_by_label=label))
        else:
            unit = OrgUnit(pk=ref, name=ref_name) if ref is not None else None
            found[kind].append(
                Task(**common, text=text, owner_unit=unit, due_text=label, due_date=due, status=status)
            )
    return {"decisions": found["decision"], "tasks": found["task"]}


def _meeting_detail_context(request, pk, previewing: bool) -> dict | None:
    visible = Meeting.objects.visible_to(request.user)
    meeting = (
        (Meeting.objects.all() if previewing else visible)
        .for_detail(children=DETAIL_PREFETCHED)
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        return None
    rows = _read_decisions_and_tasks(meeting)
    attendances = meeting.attendances.all()
    by_category = defaultdict(list)
    for attendance in attendances:
        by_category[attendance.category].append(attendance)
    attendance_groups = [
        (Attendance.Category(value).label, by_category[value])
        for value in sorted(Attendance.Category.values, key=_attendance_rank)
        if by_category.get(value)
    ]
    previous, following = _neighbours(visible, meeting)
    return {
        "meeting": meeting,
        "attendance_groups": attendance_groups,
        "speeches": joint_speeches(meeting.speeches.all()),
        "directives": meeting.directives.all(),
        "appointments": meeting.appointments.all(),
        "decisions": rows["decisions"],
        "tasks": rows["tasks"],
        "read_rows": rows,
        "previous": previous,
        "following": following,
        "FollowUp": FollowUp,
        "can_edit": workflow.can_edit(request.user),
    }


def meeting_detail(request, pk):
    """A meeting with its records and source text, kept as markup (``kept_content``) for each
    kind of reader, language and script and whether the reader may edit it: laying out a busy
    meeting's speeches and marked source text was most of a request."""
    # ?preview=1 (the admin's "view on site" for an unpublished meeting) lets staff read a draft or
    # a withdrawn meeting here, under a banner, never kept. Without it, and for everyone else, and
    # for every list and neighbour link, visible_to stays the rule.
    previewing = request.GET.get(PREVIEW_PARAM) == "1" and workflow.can_preview(request.user)
    template = "minutes/includes/meeting_detail_content.html"
    if previewing:
        context = _meeting_detail_context(request, pk, previewing=True)
        if context is None:
            raise Http404
        context["content_html"] = render_to_string(template, context, request=request)
    else:
        context = kept_content(
            request,
            f"meeting:{pk}",
            template,
            lambda: _meeting_detail_context(request, pk, previewing=False),
            variant=f"edit={workflow.can_edit(request.user)}",
        )
    return render(request, "minutes/meeting_detail.html", context)


def meeting_archive(request):
    """Meetings per year, counted once per archive revision for each kind of reader (grouping
    100,000 meetings took 25 ms a request)."""
    visible = Meeting.objects.visible_to(request.user)
    signed_in = request.user is not None and request.user.is_authenticated

    def count():
        years = visible.filter(year__isnull=False).values("year").annotate(n=Count("pk")).order_by("-year")
        return {"years": list(years), "unknown_count": visible.filter(year__isnull=True).count()}

    context = revision.cached(f"archive:{'signed-in' if signed_in else 'public'}", count)
    return render(request, "minutes/meeting_archive.html", context)


def _year_page(visible, year):
    """What a year's page shows: its first MONTH_PREVIEW meetings of each month, the months'
    totals, its undated meetings (with their counts) and the years either side, or None when no
    meeting has a known year."""
    in_year = visible.filter(year=year)
    # The first MONTH_PREVIEW meetings of each month, not the whole year: a busy archive's year
    # (thousands of meetings) took half a second to render; the month page lists them all.
    first_of_month = Window(RowNumber(), partition_by=[F("month")], order_by=[F("day").asc(), F("pk").asc()])
    meetings = list(
        in_year.for_list()
        .annotate(rank=first_of_month)
        .filter(rank__lte=MONTH_PREVIEW)
        .order_by("month", "day", "pk")
    )
    # The years either side: one walk of the year index each (a DISTINCT over every meeting's
    # year took 50 ms at 100,000 meetings).
    previous_year = visible.filter(year__lt=year).order_by("-year").values_list("year", flat=True).first()
    next_year = visible.filter(year__gt=year).order_by("year").values_list("year", flat=True).first()
    if not meetings and previous_year is None and next_year is None:
        return None
    totals = dict(in_year.order_by().values_list("month").annotate(n=Count("pk")))
    months = defaultdict(list)
    for meeting in meetings:
        months[meeting.month].append(meeting)
    undated = counted(months.get(None, []))
    return meetings, totals, months, undated, previous_year, next_year


def meeting_year(request, year):
    """A year's meetings by month, kept per archive revision for each kind of reader
    (``revision.cached``): ranking a year's 5,000 meetings of a 100,000-meeting archive and
    counting its months took 30 ms a request."""
    visible = Meeting.objects.visible_to(request.user)
    signed_in = request.user is not None and request.user.is_authenticated
    found = revision.cached(
        f"year:{year}:{'signed-in' if signed_in else 'public'}", lambda: _year_page(visible, year) or False
    )
    if not found:
        raise Http404
    meetings, totals, months, undated, previous_year, next_year = found
    month_rows = []  # (month, meetings shown, meetings in the month, how many are not shown)
    for month in range(1, 13):
        shown, total = months.get(month, []), totals.get(month, 0)
        month_rows.append((month, shown, total, total - len(shown)))
    return render(
        request,
        "minutes/meeting_year.html",
        {
            "year": year,
            "meetings": meetings,
            "total": sum(totals.values()),
            "undated_total": totals.get(None, 0),
            "month_rows": month_rows,
            "undated": undated,
            "previous_year": previous_year,
            "next_year": next_year,
        },
    )


# Meetings named in one day of the month calendar; the rest are a link to that day's list.
CALENDAR_PER_DAY = 3


def meeting_month(request, year, month):
    """A month's calendar and a page of its meetings, kept as markup (``kept_content``)."""
    # The calendar shows the weeks around the month and links the months either side: there are
    # none before the first month and after the last a date can have.
    first_month, last_month = (datetime.MINYEAR, 1), (datetime.MAXYEAR, 12)
    if not 1 <= month <= 12 or not first_month < (year, month) < last_month:
        raise Http404
    context = kept_content(
        request,
        f"month:{year}:{month}",
        "minutes/includes/meeting_month_content.html",
        lambda: _month_context(request, year, month),
    )
    return render(request, "minutes/meeting_month.html", context)


def _month_context(request, year, month) -> dict:
    in_month = Meeting.objects.visible_to(request.user).filter(year=year, month=month)
    # The calendar names at most CALENDAR_PER_DAY meetings a day (their names only); the list
    # beneath is paged, so a busy month costs a page of rows, not all of them.
    by_day = defaultdict(list)
    for meeting in in_month.only("pk", "name", "day").order_by("day", "pk"):
        by_day[meeting.day].append(meeting)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            held = by_day.get(day.day, []) if day.month == month else []
            row.append(
                {
                    "date": day,
                    "in_month": day.month == month,
                    "meetings": held[:CALENDAR_PER_DAY],
                    "more": max(len(held) - CALENDAR_PER_DAY, 0),
                }
            )
        weeks.append(row)
    total = sum(len(held) for held in by_day.values())
    page = paginate_meetings(request, in_month.for_list().order_by("day", "pk"), count=total)
    first = datetime.date(year, month, 1)
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return {
        "year": year,
        "month": month,
        "weeks": weeks,
        "page_obj": page,
        "meetings": page.object_list,
        "previous_month": previous_month,
        "next_month": next_month,
    }


def meeting_unknown_year(request):
    visible = Meeting.objects.visible_to(request.user)
    queryset = visible.for_list().filter(year__isnull=True).order_by("month", "day", "name", "pk")
    page = paginate_meetings(request, queryset)
    return render(
        request, "minutes/meeting_unknown_year.html", {"page_obj": page, "meetings": page.object_list}
    )


@require_POST
def set_script(request):
    """Remember whether the reader wants the archive's text shown in Simplified characters; a choice
    the interface language already gives is forgotten, so the text follows the language again."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    chosen = SIMPLIFIED if request.POST.get("script") == SIMPLIFIED else AS_STORED
    if (chosen == SIMPLIFIED) == interface_is_simplified(request):
        response.delete_cookie(SCRIPT_COOKIE, samesite="Lax")
    else:
        response.set_cookie(SCRIPT_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
