"""Follow-up links the importer proposes, never makes: a later directive or task that refers
back to an earlier meeting (上次會議, 前期部署, 繼續推進 …) or repeats a task of the same unit is
proposed as following up the most similar open item of that unit in an earlier meeting. Staff
accept or reject each suggestion in the admin; until then it is not part of any chain.

"The same unit" is the board's rule (``minutes.board``): a task's owner unit, or for a
directive the meeting's organiser. Similarity is the overlap of character pairs (Jaccard over
bigrams of the Simplified text without punctuation), which is script-blind and needs no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q

from .chains import TASK, ends, kind_of
from .chinese import to_simplified
from .models import Directive, FollowUp, FollowUpLink, Meeting, Task

# Words with which a report points back at earlier work (Simplified; texts are compared folded).
REFERS_BACK = (
    "上次会议",
    "上一次会议",
    "上次",
    "上一次",
    "前次会议",
    "前期部署",
    "继续推进",
    "继续抓好",
    "再次强调",
)
# How alike two texts must be: lower when the text itself points back.
REFERS_BACK_SIMILARITY = 0.2
REPEAT_SIMILARITY = 0.5
# Earlier open items of one unit compared with each new item, newest first.
CANDIDATES_MAX = 200

_NOT_TEXT = re.compile(r"[\W_]+")


def bigrams(text: str) -> set[str]:
    folded = _NOT_TEXT.sub("", to_simplified(text))
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def similarity(a: str, b: str) -> float:
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def refers_back(text: str) -> str:
    """The cue in ``text`` that points back at earlier work, or ""."""
    folded = to_simplified(text)
    return next((cue for cue in REFERS_BACK if cue in folded), "")


def _unit_id(item) -> int | None:
    return item.owner_unit_id if isinstance(item, Task) else item.meeting.organizer_id


def _open_items_of(unit_ids: set[int], meeting_ids: list[int]) -> dict[int, list]:
    """Open items of each unit outside ``meeting_ids``, newest first, at most CANDIDATES_MAX per
    model and unit in all: two queries whatever the number of units."""
    limit = CANDIDATES_MAX * len(unit_ids)
    tasks = (
        Task.objects.filter(owner_unit_id__in=unit_ids)
        .exclude(status=FollowUp.DONE)
        .exclude(meeting_id__in=meeting_ids)
        .select_related("meeting")
        .order_by("-meeting__date", "-pk")[:limit]
    )
    directives = (
        Directive.objects.filter(meeting__organizer_id__in=unit_ids)
        .exclude(status=FollowUp.DONE)
        .exclude(meeting_id__in=meeting_ids)
        .select_related("meeting")
        .order_by("-meeting__date", "-pk")[:limit]
    )
    by_unit: dict[int, list] = {}
    for item in [*tasks, *directives]:
        by_unit.setdefault(_unit_id(item), []).append(item)
    return by_unit


def _before(earlier: Meeting, later: Meeting) -> bool:
    """``earlier`` was held before ``later`` (by date; by id when either date is unknown)."""
    if earlier.date is not None and later.date is not None:
        return earlier.date < later.date
    return earlier.pk < later.pk


def _key(item) -> tuple[str, int]:
    return kind_of(item), item.pk


def _link_fields(later, earlier) -> dict:
    return {f"later_{kind_of(later)}": later, f"earlier_{kind_of(earlier)}": earlier}


def _existing_pairs(items: list) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    """(later, earlier) keys of every link, in any state, from one of ``items``."""
    rows = FollowUpLink.objects.filter(
        Q(later_task__in=[i.pk for i in items if kind_of(i) == TASK])
        | Q(later_directive__in=[i.pk for i in items if kind_of(i) != TASK])
    ).values_list("later_directive", "later_task", "earlier_directive", "earlier_task")
    return {ends(row) for row in rows}


def suggest_follow_ups(meeting_ids: Iterable[int]) -> list[FollowUpLink]:
    """Propose links for the directives and tasks of ``meeting_ids`` (just written); returns the
    suggestions made. An item gets at most one suggestion, and a pair already linked (in any
    state, a rejection included) is never proposed again. A fixed number of queries."""
    meeting_ids = list(meeting_ids)
    if not meeting_ids:
        return []
    items = [
        *Task.objects.filter(meeting__in=meeting_ids).select_related("meeting"),
        *Directive.objects.filter(meeting__in=meeting_ids).select_related("meeting"),
    ]
    # A directive is linked only when it points back itself; a task also when it repeats one.
    wanted = [i for i in items if _unit_id(i) is not None and (kind_of(i) == TASK or refers_back(i.text))]
    if not wanted:
        return []
    candidates = _open_items_of({_unit_id(item) for item in wanted}, meeting_ids)
    linked = _existing_pairs(wanted)
    suggestions = []
    for item in wanted:
        cue = refers_back(item.text)
        threshold = REFERS_BACK_SIMILARITY if cue else REPEAT_SIMILARITY
        scored = [
            (similarity(item.text, earlier.text), earlier)
            for earlier in candidates.get(_unit_id(item), [])
            if _before(earlier.meeting, item.meeting)
        ]
        scored = [(score, earlier) for score, earlier in scored if score >= threshold]
        if not scored:
            continue
        score, earlier = max(scored, key=lambda pair: pair[0])
        if (_key(item), _key(earlier)) in linked:
            continue
        reason = (
            f"提到「{cue}」，與較早事項相似度 {score:.2f}"
            if cue
            else f"重複同一單位的任務，相似度 {score:.2f}"
        )
        suggestions.append(
            FollowUpLink(**_link_fields(item, earlier), state=FollowUpLink.State.SUGGESTED, reason=reason)
        )
    FollowUpLink.objects.bulk_create(suggestions)
    return suggestions


def decide(links: Iterable[FollowUpLink], state: str) -> int:
    """Accept or reject suggested links, one save each so each decision is in the history."""
    count = 0
    for link in links:
        if link.state != state:
            link.state = state
            link.save(update_fields=["state"])
            count += 1
    return count
