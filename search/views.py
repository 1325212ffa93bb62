"""The search page and the person autocomplete endpoint: thin over search.query."""

from django.core.paginator import Page, Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minutes.context_processors import in_page_script
from minutes.text_input import bound_query, query_notice
from people.models import Person

from .forms import SearchForm
from .query import search

PAGE_SIZE = 20
AUTOCOMPLETE_LIMIT = 10
# A name search is most often after the person or unit itself: their entries head the page.
KINDS_FIRST = ("person", "unit")


def _people_and_units_first(rows):
    """``(kind, …)`` rows with people and units first, the rest in their given order."""
    return sorted(rows, key=lambda row: row[0] not in KINDS_FIRST)


class _CappedList:
    """A sequence of ``total`` items of which only the current page is loaded, for Paginator."""

    def __init__(self, total, offset, hits):
        self.total, self.offset, self.hits = total, offset, hits

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        return self.hits


@require_GET
def results(request):
    form = SearchForm(request.GET or None, user=request.user)
    context = {"form": form, "results": None, "page_obj": None, "query_notice": query_notice(request)}
    # Words, or a date alone (typed among the words or in the date fields): a period's meetings.
    if form.is_bound and form.is_valid() and (form.cleaned_data["words"] or form.has_dates):
        try:
            number = max(1, int(request.GET.get("page", 1)))
        except ValueError:
            number = 1
        found = search(
            form.cleaned_data["words"],
            user=request.user,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
            **form.search_kwargs(),
        )
        kinds = form.search_kwargs()["kinds"]
        shown_total = sum(found.counts.get(k, 0) for k in kinds) if kinds else found.total
        paginator = Paginator(_CappedList(shown_total, found.offset, found.hits), PAGE_SIZE)
        number = min(number, paginator.num_pages)
        context.update(
            results=found,
            page_obj=Page(found.hits, number, paginator),
            shown_total=shown_total,
            params=_params_without(request.GET, "page"),
            kind_params=_params_without(request.GET, "page", "kind"),
            query_date=form.query_date,
            groups=_people_and_units_first(found.groups()),
            kind_counts=_people_and_units_first(found.count_list()),
        )
    return render(request, "search/results.html", context)


def _params_without(query_dict, *names) -> str:
    params = query_dict.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@require_GET
def people_autocomplete(request):
    """[{"id", "name", "pinyin"}] for names typed in either script or in pinyin, of the people the
    reader may know of (someone named only in drafts or internal meetings is not suggested)."""
    q = bound_query(request.GET.get("q")).text
    people = (
        Person.objects.visible_to(request.user)
        .filter(pk__in=Person.objects.matching(q).values("pk"))
        .only("pk", "name", "pinyin")
        .order_by("name_simplified", "pk")
    )
    data = [
        {"id": p.pk, "name": in_page_script(p.name), "pinyin": p.pinyin} for p in people[:AUTOCOMPLETE_LIMIT]
    ]
    return JsonResponse(data, safe=False)
