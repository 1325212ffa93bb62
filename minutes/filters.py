"""The meeting list's filters: every one lives in the URL so a filtered list can be shared."""

import django_filters as filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from minutes import reach
from minutes.chinese import to_simplified, to_traditional
from minutes.context_processors import in_page_script
from minutes.query_dates import QueryDate, split_date
from minutes.templatetags.minutes_tags import cn_month
from minutes.text_input import QueryField
from orgunits.models import OrgUnit
from people.models import Person
from search import query as search_query

from .models import Appointment, Directive, Meeting, Task


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


ROLE_CHOICES = [
    ("chaired", _("主持")),
    ("spoke", _("發言")),
    ("attended", _("出席")),
    ("appointed", _("被任免")),
    ("directive", _("提出要求")),
]

SORT_CHOICES = [
    ("-date", _("日期（新→舊）")),
    ("date", _("日期（舊→新）")),
    ("name", _("名稱")),
]

# Lazy: worded in the reader's language when the form renders (7月, Jul), not once at import.
month_label = lazy(cn_month, str)
MONTH_CHOICES = [(m, month_label(m)) for m in range(1, 13)]

# The meeting list and the search page say the same about their dates.
DATE_RANGE_REVERSED = _("結束日期早於開始日期。")
DATE_CONFLICT = _("關鍵詞中的日期與所填的年份或月份不同。")


def check_dates(form, cleaned_data) -> None:
    """Errors both date forms report: a range that ends before it starts, and a date typed
    among the words that the year or month field contradicts."""
    date_from, date_to = cleaned_data.get("date_from"), cleaned_data.get("date_to")
    if date_from and date_to and date_from > date_to:
        form.add_error("date_to", DATE_RANGE_REVERSED)
    date = split_date((cleaned_data.get("q") or "").strip())[1]
    if date is None:
        return
    for name in ("year", "month"):
        typed, chosen = getattr(date, name), cleaned_data.get(name)
        if typed and chosen and int(chosen) != typed:
            form.add_error("q", DATE_CONFLICT)
            return


def date_condition(date: QueryDate) -> Q:
    """Meetings on the date a query names; a month and day without a year match every year and
    meetings whose year is unknown."""
    return Q(**date.lookups())


class MeetingFilterForm(forms.Form):
    """The meeting list's form: its dates are checked like the search page's."""

    def clean(self):
        cleaned_data = super().clean()
        check_dates(self, cleaned_data)
        return cleaned_data


def script_variants(text: str) -> set[str]:
    """The query as typed, in Simplified and in Traditional: stored text is in either script."""
    return {text, to_simplified(text), to_traditional(text)}


# A list filtered by frequent words is counted up to here ("more than 1,000 meetings").
LIST_COUNT_CAP = 1000


def text_search(queryset, query: str, user=None) -> tuple:
    """Meetings with a record (name, speech, directive, …) matching ``query``, and whether the
    words are so frequent that the list should be counted with a cap.

    Uses the search app's index (script- and pinyin-aware phrase queries) in the database.
    """
    words = search_query.parse_query(query, user)
    if not words:
        return queryset, False
    frequent = search_query.words_are_frequent(words)
    condition = search_query.matching_meetings(words, f'"{Meeting._meta.db_table}"."id"', probe=frequent)
    return queryset.filter(condition), frequent


class QueryFilter(filters.CharFilter):
    field_class = QueryField


class MeetingFilter(filters.FilterSet):
    q = QueryFilter(label=_("關鍵詞"), method="filter_q")
    date_from = filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label=_("起始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label=_("截止日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    year = IntegerFilter(field_name="year", label=_("年份"), min_value=1900, max_value=2100)
    month = filters.ChoiceFilter(
        field_name="month", label=_("月份"), choices=MONTH_CHOICES, empty_label=_("全部月份")
    )
    year_unknown = filters.BooleanFilter(
        label=_("僅年份不詳"), method="filter_year_unknown", widget=forms.CheckboxInput
    )
    person_name = QueryFilter(
        label=_("人員"),
        method="filter_person_name",
        help_text=_("漢字（繁簡皆可）或拼音，如 zhang maizeng、zmz"),
    )
    person = filters.ModelChoiceFilter(
        label=_("人員編號"),
        queryset=Person.objects.all(),
        method="filter_person",
        widget=forms.HiddenInput,
    )
    role = filters.ChoiceFilter(
        label=_("身份"), choices=ROLE_CHOICES, method="filter_noop", empty_label=_("任何身份")
    )
    unit = filters.ModelChoiceFilter(
        label=_("單位"),
        queryset=OrgUnit.objects.order_by("name"),
        method="filter_unit",
        empty_label=_("全部單位"),
    )
    kind = filters.ChoiceFilter(label=_("會議類型"), choices=Meeting.Kind.choices, empty_label=_("全部類型"))
    venue = QueryFilter(label=_("地點"), method="filter_venue")
    has_directives = filters.BooleanFilter(
        label=_("有工作要求"), method="filter_has", widget=forms.CheckboxInput
    )
    has_appointments = filters.BooleanFilter(
        label=_("有任免"), method="filter_has", widget=forms.CheckboxInput
    )
    has_tasks = filters.BooleanFilter(label=_("有工作任務"), method="filter_has", widget=forms.CheckboxInput)
    sort = filters.ChoiceFilter(label=_("排序"), choices=SORT_CHOICES, method="filter_noop", empty_label=None)

    class Meta:
        model = Meeting
        form = MeetingFilterForm
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Only people and units the reader may know of: an id of anyone else is an invalid choice,
        # so neither its name nor its existence is echoed (ids could be enumerated).
        user = getattr(request, "user", None)
        self.form.fields["person"].queryset = Person.objects.visible_to(user)
        self.form.fields["unit"].queryset = OrgUnit.objects.visible_to(user).order_by("name")
        self.form.fields["unit"].label_from_instance = lambda unit: in_page_script(unit.name)

    def kept_count(self) -> int | None:
        """The list's count when it is exactly one person's or one unit's meetings: kept on write
        (minutes.reach), where counting the OR of every tie cost a scan per request. None for
        any other list."""
        if not (self.is_bound and self.form.is_valid()):
            return None
        chosen = {
            name
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", False) and name not in {"sort", "person_name"}
        }
        if chosen not in ({"person"}, {"unit"}):
            return None
        return reach.visible_count(self.form.cleaned_data[chosen.pop()], getattr(self.request, "user", None))

    def filter_noop(self, queryset, name, value):
        # Applied in filter_queryset, where the other values are known.
        return queryset

    # Set by filter_q when the list is better counted with a cap (frequent words).
    count_cap: int | None = None
    # Set by filter_q: the date typed among the words (shown above the list).
    query_date: QueryDate | None = None

    def filter_q(self, queryset, name, value):
        value, self.query_date = split_date(value.strip())
        if self.query_date is not None:
            queryset = queryset.filter(date_condition(self.query_date))
        if not value:
            return queryset
        queryset, frequent = text_search(queryset, value, getattr(self.request, "user", None))
        if frequent:
            self.count_cap = LIST_COUNT_CAP
        return queryset

    def filter_year_unknown(self, queryset, name, value):
        return queryset.filter(year__isnull=True) if value else queryset

    def filter_person(self, queryset, name, value):
        role = self.form.cleaned_data.get("role") or ""
        return queryset.involving_person(value, role)

    def filter_person_name(self, queryset, name, value):
        if self.form.cleaned_data.get("person") is not None:
            return queryset  # the autocomplete picked one person; the name is only its label
        value = value.strip()
        if not value:
            return queryset
        people = Person.objects.matching(value).values("pk")
        role = self.form.cleaned_data.get("role") or ""
        return queryset.involving_person(people, role)

    def filter_unit(self, queryset, name, value):
        return queryset.involving_unit(value)

    def filter_venue(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for variant in script_variants(value):
            condition |= Q(venue__contains=variant)
        return queryset.filter(condition)

    def filter_has(self, queryset, name, value):
        if not value:
            return queryset
        model = {"has_directives": Directive, "has_appointments": Appointment, "has_tasks": Task}[name]
        return queryset.filter(Exists(model.objects.filter(meeting=OuterRef("pk"))))

    def sorted(self, queryset):
        order = (self.form.cleaned_data.get("sort") if self.form.is_valid() else "") or "-date"
        if order == "date":
            return queryset.order_by(
                F("date").asc(nulls_last=True),
                F("month").asc(nulls_last=True),
                F("day").asc(nulls_last=True),
                "pk",
            )
        if order == "name":
            return queryset.order_by("name", "pk")
        return queryset.in_date_order()
