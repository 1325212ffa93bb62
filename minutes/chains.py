"""Follow-up chains: a directive or task with every item linked to it, either way, through
accepted ``FollowUpLink`` rows, oldest meeting first.

A chain only passes through items whose meetings the reader may see: a hidden item neither
shows nor connects two visible ones. The walk is breadth-first, one query for the links and one
per model for the visible items per step, and stops at CHAIN_MAX items.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Directive, FollowUpLink, Meeting, Task

DIRECTIVE, TASK = "directive", "task"
MODELS = {DIRECTIVE: Directive, TASK: Task}
CHAIN_MAX = 50


def kind_of(item) -> str:
    return DIRECTIVE if isinstance(item, Directive) else TASK


def ends(row) -> tuple[tuple[str, int], tuple[str, int]]:
    later_directive, later_task, earlier_directive, earlier_task = row
    later = (DIRECTIVE, later_directive) if later_directive else (TASK, later_task)
    earlier = (DIRECTIVE, earlier_directive) if earlier_directive else (TASK, earlier_task)
    return later, earlier


def _touching(keys: set[tuple[str, int]]) -> Q:
    directives = [pk for kind, pk in keys if kind == DIRECTIVE]
    tasks = [pk for kind, pk in keys if kind == TASK]
    return (
        Q(later_directive__in=directives)
        | Q(earlier_directive__in=directives)
        | Q(later_task__in=tasks)
        | Q(earlier_task__in=tasks)
    )


def _visible(keys: set[tuple[str, int]], meeting_ids) -> set[tuple[str, int]]:
    found = set()
    for kind, model in MODELS.items():
        wanted = [pk for key_kind, pk in keys if key_kind == kind]
        if wanted:
            rows = model.objects.filter(pk__in=wanted, meeting__in=meeting_ids).values_list("pk", flat=True)
            found |= {(kind, pk) for pk in rows}
    return found


def chain(item, meetings: QuerySet[Meeting]) -> list:
    """``item`` and the items linked to it (accepted links, both ways, transitively) among
    ``meetings``, oldest meeting first; a chain of one when nothing is linked."""
    meeting_ids = meetings.values("pk")
    start = (kind_of(item), item.pk)
    seen, frontier = {start}, {start}
    while frontier and len(seen) < CHAIN_MAX:
        rows = (
            FollowUpLink.objects.filter(state=FollowUpLink.State.ACCEPTED)
            .filter(_touching(frontier))
            .values_list("later_directive", "later_task", "earlier_directive", "earlier_task")
        )
        found = {end for row in rows for end in ends(row)} - seen
        frontier = set(sorted(_visible(found, meeting_ids))[: CHAIN_MAX - len(seen)]) if found else set()
        seen |= frontier
    items = []
    for kind, model in MODELS.items():
        wanted = [pk for key_kind, pk in seen if key_kind == kind]
        if wanted:
            items += model.objects.filter(pk__in=wanted).select_related("meeting")
    return sorted(items, key=_chronological)


def _chronological(item) -> tuple:
    meeting = item.meeting
    return (
        meeting.year is None,
        meeting.year or 0,
        meeting.month or 0,
        meeting.day or 0,
        meeting.pk,
        item.order,
        kind_of(item),
        item.pk,
    )
