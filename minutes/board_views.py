"""The follow-up board's page (督办台账). Its rows come from ``minutes.board``."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from . import calendars, revision, stats
from .board import ALL_YEARS, BoardForm, Filters, Item, board, items
from .chains import DIRECTIVE, MODELS, chain, kind_of
from .exports import _download as download
from .exports import csv_lines
from .models import Meeting
from .views import kept_content, paginate


def _filters(request, years: list[int]) -> tuple[BoardForm, Filters | None]:
    """The board's form and, when its values are valid (or absent), the filters they make; the
    year defaults to the latest of ``years`` (newest first)."""
    form = BoardForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, Filters.from_form(form, timezone.localdate(), years[0] if years else None)


# The board is counted up to here ("more than 1,000 items"); narrowing the filters finds the rest.
BOARD_COUNT_CAP = 1000


def _cache_key(request, today) -> str:
    """What the board's rows depend on besides the archive's revision: the kind of reader
    (visible_to), the day (overdue), and the filters in the query string (the page aside)."""
    signed_in = request.user is not None and request.user.is_authenticated
    # only the form's own fields: any other parameter would make a new entry without changing the rows
    params = urlencode(sorted((k, v) for k, v in request.GET.items() if k in BoardForm.base_fields))
    return f"follow-up:{'signed-in' if signed_in else 'public'}:{today.isoformat()}:{params}"


@require_safe
def follow_up_board(request):
    """Directives and tasks of the meetings the reader may see, soonest due first, kept as markup
    per archive revision for each kind of reader, language, script, day (what is overdue) and query
    string (``kept_content``): laying out a page of 50 items was most of a request."""
    today = timezone.localdate()
    context = kept_content(
        request,
        "follow-up-page",
        "minutes/includes/follow_up_content.html",
        lambda: _board_context(request, today),
        fresh_only=("form",),
        variant=today.isoformat(),
    )
    return render(request, "minutes/follow_up.html", context)


def _board_context(request, today) -> dict:
    """The board's rows up to the count cap (kind, id, sort keys: a few hundred bytes each) are read in
    one query and kept per archive revision (``revision.cached``): sorting a year's items cost
    about 50 ms at 100,000 meetings, and counting them again as much. Any page and the capped count
    come from that list; the page's records are then fetched (one query per model)."""
    meetings = Meeting.objects.visible_to(request.user)
    form = BoardForm(request.GET or None, user=request.user)
    valid = not form.is_bound or form.is_valid()

    def compute():
        years = stats.year_choices(meetings)
        filters = Filters.from_form(form, today, years[0] if years else None) if valid else None
        rows = list(board(meetings, filters)[: BOARD_COUNT_CAP + 1]) if filters else []
        return years, (filters.year if filters else None), rows

    years, year, rows = revision.cached(_cache_key(request, today), compute)
    page = paginate(request, rows, count_cap=BOARD_COUNT_CAP)
    page.object_list = items(page.object_list)
    chosen_person = form.cleaned_data.get("person") if form.is_bound and valid else None
    return {
        "form": form,
        "page_obj": page,
        "items": page.object_list,
        "today": today,
        "chosen_person": chosen_person,
        "year": year,
        "all_years": ALL_YEARS,
        "years": years,
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
    }


# Exports stream the whole filtered board in chunks of this many rows.
EXPORT_CHUNK = 500


def _board_items(request):
    """Every item of the filtered board, fetched a chunk at a time."""
    form, filters = _filters(request, stats.year_choices(Meeting.objects.visible_to(request.user)))
    if filters is None:
        return
    rows = board(Meeting.objects.visible_to(request.user), filters)
    start = 0
    while True:
        chunk = list(rows[start : start + EXPORT_CHUNK])
        yield from items(chunk)
        if len(chunk) < EXPORT_CHUNK:
            return
        start += EXPORT_CHUNK


def _csv_row(item, base_url: str) -> list:
    record, meeting = item.record, item.meeting
    return [
        item.kind_label,
        record.text,
        item.issuer,
        item.unit.name if item.unit else "",
        meeting.name,
        meeting.date.isoformat() if meeting.date else "",
        item.due_date.isoformat() if item.due_date else "",
        item.due_text,
        record.get_status_display(),
        record.status_note,
        base_url + item.anchor,
    ]


CSV_HEADER = [
    _("類別"),
    _("事項"),
    _("提出人"),
    _("負責單位"),
    _("會議"),
    _("會議日期"),
    _("期限"),
    _("期限（原文）"),
    _("落實情況"),
    _("落實說明"),
    _("網址"),
]


@require_safe
def follow_up_csv(request):
    """The filtered board as CSV (the one CSV writer: BOM, formula guard)."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    rows = (_csv_row(item, base_url) for item in _board_items(request))
    stream = csv_lines([str(title) for title in CSV_HEADER], rows)
    return download(stream, content_type="text/csv; charset=utf-8", filename="follow-up.csv")


@require_safe
def follow_up_ics(request):
    """The filtered board's due dates as an iCalendar feed: one all-day event per task with a
    due date (directives carry none)."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    stamp = timezone.now()
    events = (
        calendars.event(
            f"task-{item.record.pk}",
            stamp=stamp,
            dtstart=item.due_date,
            summary=item.record.text,
            description=f"{item.meeting.name} · {item.record.get_status_display()}",
            url=base_url + item.anchor,
        )
        for item in _board_items(request)
        if item.due_date is not None
    )
    return download(
        calendars.calendar_stream(events, name=str(_("督辦台賬：期限"))),
        content_type="text/calendar; charset=utf-8",
        filename="follow-up.ics",
        inline=True,
    )


# State changes listed on an item's page, newest first.
HISTORY_MAX = 50


def state_changes(item) -> list[dict]:
    """When the item's follow-up state or note changed, oldest first: ``{"when", "status",
    "note"}`` from its history records (the bulk action and admin edits both write them)."""
    records = list(item.history.order_by("-history_date", "-history_id")[:HISTORY_MAX])[::-1]
    changes, previous = [], None
    for record in records:
        current = (record.status, record.status_note)
        if current != previous:
            changes.append(
                {
                    "when": record.history_date,
                    "status": item.Status(record.status).label if record.status else "",
                    "note": record.status_note,
                }
            )
        previous = current
    return changes


@require_safe
def follow_up_item(request, kind: str, pk: int):
    """One directive or task: its meeting, state and history, and its follow-up chain."""
    meetings = Meeting.objects.visible_to(request.user)
    model = MODELS[kind]
    related = ("meeting", "meeting__organizer", "issuer") if kind == DIRECTIVE else ("meeting", "owner_unit")
    item = get_object_or_404(
        model.objects.filter(meeting__in=meetings.values("pk")).select_related(*related), pk=pk
    )
    return render(
        request,
        "minutes/follow_up_item.html",
        {
            "item": Item(kind, item),
            "chain": [Item(kind_of(linked), linked) for linked in chain(item, meetings)],
            "changes": state_changes(item),
            "today": timezone.localdate(),
        },
    )
