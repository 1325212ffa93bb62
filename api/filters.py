"""The API's filters: the meeting list page's own ``MeetingFilter``, and the same text queries
(``QueryFilter``: bounded like every typed query) as the people and unit lists."""

import django_filters as filters
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from minutes.board_views import BOARD_COUNT_CAP
from minutes.filters import IntegerFilter, MeetingFilter, QueryFilter
from minutes.models import Directive, FollowUp, Task
from orgunits.models import OrgUnit
from people.models import Person


class PageFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that also applies what the meeting list page does after filtering:
    its sort order (``sorted``), the capped count for frequent words (``count_cap``) and the kept
    count of one person's or unit's meetings (``kept_count``), both read by ``ApiPagination``, so
    a query string lists the same meetings in the same order and count on both."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        queryset = filterset.qs
        view.count_cap = getattr(filterset, "count_cap", None)
        kept_count = getattr(filterset, "kept_count", None)
        view.known_count = kept_count() if kept_count else None
        sort = getattr(filterset, "sorted", None)
        return sort(queryset) if sort else queryset


# The id filters choose among the people and units the reader may know of (a form's
# ModelChoiceField, chosen by a method): say in the schema that they take an id.
for _filter in (MeetingFilter.base_filters["person"], MeetingFilter.base_filters["unit"]):
    extend_schema_field(OpenApiTypes.INT)(_filter)


class PersonFilter(filters.FilterSet):
    """The people list page's ``q``: a name in either script or pinyin."""

    q = QueryFilter(method="filter_q", help_text="姓名（繁簡皆可）或拼音")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Person.objects.matching(value).values("pk"))


class UnitFilter(filters.FilterSet):
    """The unit list page's ``q``: a name or alias in either script."""

    q = QueryFilter(method="filter_q", help_text="名稱或別名（繁簡皆可）")

    class Meta:
        model = OrgUnit
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=OrgUnit.objects.search(value).values("pk"))


class _ItemFilter(filters.FilterSet):
    """Directives and tasks: by follow-up state, meeting and the meeting's year. Counted up to
    the board's cap (``count_cap``, read by ``ApiPagination``), like the board: 200,000
    directives cost a count of 1,001 rows, and no page lies deeper than the cap."""

    count_cap = BOARD_COUNT_CAP

    status = filters.ChoiceFilter(choices=FollowUp.choices)
    meeting = IntegerFilter(field_name="meeting_id", min_value=1)
    year = IntegerFilter(field_name="meeting__year", min_value=1900, max_value=2100)
    unit = extend_schema_field(OpenApiTypes.INT)(
        filters.ModelChoiceFilter(queryset=OrgUnit.objects.none(), method="filter_unit")
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Only units the reader may know of: another id is an invalid choice (as on the board).
        self.form.fields["unit"].queryset = OrgUnit.objects.visible_to(getattr(request, "user", None))


class DirectiveFilter(_ItemFilter):
    class Meta:
        model = Directive
        fields: list[str] = []

    def filter_unit(self, queryset, name, value):
        # The board's rule: a directive is addressed to its meeting's organiser.
        return queryset.filter(meeting__organizer=value)


class TaskFilter(_ItemFilter):
    class Meta:
        model = Task
        fields: list[str] = []

    def filter_unit(self, queryset, name, value):
        return queryset.filter(owner_unit=value)
