"""Public pages for units: the list as a tree and each unit with its people, meetings and reports."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from minutes.activity import unit_activity
from minutes.models import Meeting, Speech, Task
from minutes.text_input import bound_query, query_notice
from minutes.views import paginate, with_counts
from people.models import Person, Post

from .models import OrgUnit

# Reports and tasks shown on a unit page (newest reports, earliest-due tasks).
UNIT_ITEMS = 25


def unit_list(request):
    query = bound_query(request.GET.get("q")).text
    units = list(OrgUnit.objects.visible_to(request.user).prefetch_related("aliases").order_by("name"))
    if query:
        matching = set(OrgUnit.objects.search(query).values_list("pk", flat=True))
        rows = [(unit, 0) for unit in units if unit.pk in matching]
    else:
        rows = tree_rows(units)
    return render(
        request,
        "orgunits/unit_list.html",
        {"rows": rows, "query": query, "query_notice": query_notice(request)},
    )


def tree_rows(units):
    """Units in depth-first order with their depth; a parent cycle entered by staff is cut."""
    children = {}
    known = {unit.pk for unit in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in known else None
        children.setdefault(parent, []).append(unit)
    rows, seen = [], set()

    def walk(parent, depth):
        for unit in children.get(parent, []):
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            rows.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    rows.extend((unit, 0) for unit in units if unit.pk not in seen)  # members of a cycle
    return rows


def _total(queryset, shown) -> int:
    """How many rows ``queryset`` has, counted only when ``shown`` (its first rows) is full."""
    return queryset.count() if len(shown) >= UNIT_ITEMS else len(shown)


def _family(unit, visible_units) -> tuple[list[OrgUnit], list[OrgUnit]]:
    """The unit's parents (from the top down) and children the reader may know of, in one query."""
    chain = unit.ancestors()
    known = list(visible_units.filter(Q(parent=unit) | Q(pk__in=[u.pk for u in chain])).order_by("name"))
    shown = {u.pk for u in known}
    children = [u for u in known if u.parent_id == unit.pk and u.pk != unit.pk]
    return [u for u in reversed(chain) if u.pk in shown], children


def unit_detail(request, pk):
    visible_units = OrgUnit.objects.visible_to(request.user)
    unit = get_object_or_404(visible_units.select_related("parent"), pk=pk)
    ancestors, children = _family(unit, visible_units)
    visible = Meeting.objects.visible_to(request.user)
    visible_ids = visible.values("pk")
    # A page of meetings and the first UNIT_ITEMS reports and tasks: the busiest unit of a large
    # archive has thousands of each, which took seconds to render on one page.
    meetings = with_counts(visible.for_list().involving_unit(unit)).in_date_order()
    activity = unit_activity(unit, visible)
    page = paginate(request, meetings, count=activity.total)  # the chart's query counted them
    reports = Speech.objects.filter(unit=unit, meeting__in=visible_ids)
    shown_reports = list(
        reports.select_related("meeting", "person", "unit").order_by("-meeting__date", "meeting", "order")[
            :UNIT_ITEMS
        ]
    )
    # A post entered by hand names its holder without a meeting: shown only if they are public.
    posts = list(
        Post.objects.filter(unit=unit, person__in=Person.objects.visible_to(request.user))
        .filter(Q(source_meeting__isnull=True) | Q(source_meeting__in=visible_ids))
        .select_related("person")
        .order_by("person__name_simplified", "start_date", "pk")
    )
    tasks = Task.objects.filter(owner_unit=unit, meeting__in=visible_ids)
    shown_tasks = list(tasks.select_related("meeting").order_by("due_date", "pk")[:UNIT_ITEMS])
    return render(
        request,
        "orgunits/unit_detail.html",
        {
            "unit": unit,
            "activity": activity,
            "ancestors": ancestors,
            "children": children,
            "aliases": list(unit.aliases.all()),
            "page_obj": page,
            "meetings": page.object_list,
            "organized_ids": {m.pk for m in page.object_list if m.organizer_id == unit.pk},
            "reports": shown_reports,
            "n_reports": _total(reports, shown_reports),
            "posts": posts,
            "tasks": shown_tasks,
            "n_tasks": _total(tasks, shown_tasks),
        },
    )
