"""Public pages for units: the list as a tree and each unit with its people, meetings and reports."""

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from minutes import reach, revision
from minutes.activity import unit_activity
from minutes.models import Meeting, Speech, Task
from minutes.text_input import bound_query, query_notice
from minutes.views import kept_content, paginate, with_counts
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


def _first_and_total(queryset) -> tuple[list, int]:
    """The first UNIT_ITEMS rows of ``queryset`` and how many it has, in one query."""
    rows = list(queryset.annotate(total_rows=Window(Count("*")))[:UNIT_ITEMS])
    return rows, (rows[0].total_rows if rows else 0)


def _unit_and_family(pk, user) -> tuple[OrgUnit, list[OrgUnit], list[OrgUnit]]:
    """The unit, its parents (from the top down) and its children the reader may know of, from one
    read of the units table (hundreds of rows; walking parents one query per level grew with depth)."""
    # Every unit, for the parent chain (it may pass through one the reader does not know of);
    # whether each may be shown is visible_to's answer.
    shown = Exists(OrgUnit.objects.visible_to(user).filter(pk=OuterRef("pk")))
    units = {unit.pk: unit for unit in OrgUnit.objects.annotate(shown=shown)}
    unit = units.get(pk)
    if unit is None or not unit.shown:
        raise Http404
    chain, seen, node = [], {unit.pk}, units.get(unit.parent_id)
    while node is not None and node.pk not in seen:  # staff may have entered a cycle
        chain.append(node)
        seen.add(node.pk)
        node = units.get(node.parent_id)
    ancestors = [u for u in reversed(chain) if u.shown]
    children = sorted(
        (u for u in units.values() if u.parent_id == unit.pk and u.pk != unit.pk and u.shown),
        key=lambda u: u.name,
    )
    return unit, ancestors, children


def _unit_summary(unit, user, visible):
    """The unit's activity charts and its first reports and tasks with their totals, kept per
    archive revision (``revision.cached``) for each kind of reader and language: the busiest unit
    of 100,000 meetings has thousands of meetings and tasks to group, count and sort (60 + 50 ms a
    request)."""
    visible_ids = visible.values("pk")

    def compute():
        activity = unit_activity(unit, visible)
        reports = _first_and_total(
            Speech.objects.filter(unit=unit, meeting__in=visible_ids)
            .select_related("meeting", "person", "unit")
            .order_by("-meeting__date", "meeting", "order")
        )
        tasks = _first_and_total(
            Task.objects.filter(owner_unit=unit, meeting__in=visible_ids)
            .select_related("meeting")
            .order_by("due_date", "pk")
        )
        return activity, reports, tasks

    reader = "signed-in" if user is not None and user.is_authenticated else "public"
    return revision.cached(f"unit:{unit.pk}:{reader}:{get_language()}", compute)


def unit_detail(request, pk):
    """A unit's page, kept as markup per archive revision for each kind of reader, language, script
    and page (``kept_content``): laying out a page of meetings, the reports and the tasks was most
    of a request."""
    context = kept_content(
        request,
        f"unit:{pk}",
        "orgunits/includes/unit_detail_content.html",
        lambda: _unit_detail_context(request, pk),
    )
    return render(request, "orgunits/unit_detail.html", context)


def _unit_detail_context(request, pk) -> dict | None:
    try:
        unit, ancestors, children = _unit_and_family(pk, request.user)
    except Http404:
        return None
    visible = Meeting.objects.visible_to(request.user)
    visible_ids = visible.values("pk")
    # A page of meetings and the first UNIT_ITEMS reports and tasks: the busiest unit of a large
    # archive has thousands of each, which took seconds to render on one page.
    meetings = with_counts(visible.for_list().involving_unit(unit)).in_date_order()
    page = paginate(request, meetings, count=reach.visible_count(unit, request.user))
    activity, (shown_reports, n_reports), (shown_tasks, n_tasks) = _unit_summary(unit, request.user, visible)
    # A post entered by hand names its holder without a meeting: shown only if they are public.
    posts = list(
        Post.objects.filter(unit=unit, person__in=Person.objects.visible_to(request.user))
        .filter(Q(source_meeting__isnull=True) | Q(source_meeting__in=visible_ids))
        .select_related("person")
        .order_by("person__name_simplified", "start_date", "pk")
    )
    return {
        "unit": unit,
        "activity": activity,
        "ancestors": ancestors,
        "children": children,
        "aliases": list(unit.aliases.all()),
        "page_obj": page,
        "meetings": page.object_list,
        "organized_ids": {m.pk for m in page.object_list if m.organizer_id == unit.pk},
        "reports": shown_reports,
        "n_reports": n_reports,
        "posts": posts,
        "tasks": shown_tasks,
        "n_tasks": n_tasks,
    }
