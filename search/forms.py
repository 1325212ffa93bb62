"""The search page's form: the words plus the list filters, all in the URL."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minutes.context_processors import in_page_script
from minutes.filters import check_dates, month_label
from minutes.query_dates import split_date
from minutes.text_input import QueryField
from orgunits.models import OrgUnit
from people.models import Person

from .models import SearchEntry

ROLE_CHOICES = [
    ("", _("任何身份")),
    ("chaired", _("主持")),
    ("spoke", _("發言")),
    ("attended", _("出席")),
    ("appointed", _("被任免")),
    ("directive", _("提出工作要求")),
]
SORT_CHOICES = [("relevance", _("相關度")), ("date", _("日期（新→舊）"))]
MONTH_CHOICES = [("", _("任何月份"))] + [(str(m), month_label(m)) for m in range(1, 13)]


class SearchForm(forms.Form):
    q = QueryField(label=_("關鍵詞"))
    kind = forms.ChoiceField(
        label=_("類型"), required=False, choices=[("", _("全部類型")), *SearchEntry.Kind.choices]
    )
    person = forms.ModelChoiceField(
        label=_("人員"), required=False, queryset=Person.objects.all(), widget=forms.HiddenInput
    )
    person_name = forms.CharField(
        label=_("人員"), required=False, max_length=50, help_text=_("姓名（繁簡皆可）或拼音，如 zmz")
    )
    role = forms.ChoiceField(label=_("身份"), required=False, choices=ROLE_CHOICES)
    unit = forms.ModelChoiceField(
        label=_("單位"),
        required=False,
        queryset=OrgUnit.objects.only("pk", "name"),
        empty_label=_("任何單位"),
    )
    date_from = forms.DateField(label=_("起"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("止"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(label=_("年"), required=False, min_value=1900, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("月"), required=False, choices=MONTH_CHOICES, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    # The date typed among the words (set by clean): a filter, shown above the results.
    query_date = None

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people and units the reader may know of can be picked, typed or echoed back.
        self.people = Person.objects.visible_to(user)
        self.fields["person"].queryset = self.people
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user).only("pk", "name")
        self.fields["unit"].label_from_instance = lambda unit: in_page_script(unit.name)

    def clean(self):
        data = super().clean()
        # A typed name without a pick from the suggestions: take the person if it is unambiguous.
        if not data.get("person") and data.get("person_name"):
            matches = list(
                self.people.filter(pk__in=Person.objects.matching(data["person_name"]).values("pk"))[:2]
            )
            if len(matches) == 1:
                data["person"] = matches[0]
            else:
                self.add_error("person_name", _("找不到唯一符合的人員，請從建議中選擇。"))
        check_dates(self, data)
        # A date among the words is a date filter; the rest are the words searched.
        data["words"], self.query_date = split_date((data.get("q") or "").strip())
        return data

    def search_kwargs(self) -> dict:
        data = self.cleaned_data
        date = self.query_date
        return {
            "kinds": [data["kind"]] if data.get("kind") else None,
            "person": data.get("person"),
            "role": data.get("role") or None,
            "unit": data.get("unit"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "year": data.get("year") or (date and date.year),
            "month": data.get("month") or (date and date.month),
            "day": date and date.day,
            "sort": data.get("sort") or "relevance",
        }

    @property
    def has_filters(self) -> bool:
        return any(
            self.cleaned_data.get(k)
            for k in ("person", "role", "unit", "date_from", "date_to", "year", "month")
        )

    @property
    def has_dates(self) -> bool:
        """A date field or a date among the words: enough to list a period's meetings."""
        return self.query_date is not None or any(
            self.cleaned_data.get(k) for k in ("date_from", "date_to", "year", "month")
        )
