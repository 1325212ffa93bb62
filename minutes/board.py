"""The follow-up board (督办台账): directives and tasks of the meetings a reader may see, in one
list sorted by due date, with the filters a logistics office asks for.

Directives and tasks are two models; the board is one list. Each filtered model becomes a
``values`` query of the same columns and the two are joined with ``UNION ALL``, so the database
sorts and pages them together; the page's rows are then fetched with their relations (two
queries), whatever the number of items.

Who is responsible: a task names its unit (``Task.owner_unit``); a directive names its issuer,
and the unit it is addressed to is the meeting's organiser, the unit that holds the meeting and
follows up what its leaders required. The unit filter and the unit column use that rule.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.db.models import CharField, DateField, F, Q, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from orgunits.models import OrgUnit
from people.models import Person

from .chains import DIRECTIVE, TASK
from .models import Directive, FollowUp, Meeting, Task

KIND_CHOICES = [(DIRECTIVE, _("工作要求")), (TASK, _("工作任務"))]
UNFINISHED = "unfinished"
ALL_YEARS = "all"
STATE_CHOICES = [(UNFINISHED, _("未完成（未落實、落實中）")), *FollowUp.choices, ("all", _("全部狀態"))]


class BoardForm(forms.Form):
    """The board's filters; every one lives in the URL so a filtered board can be shared."""

    state = forms.ChoiceField(label=_("落實情況"), choices=STATE_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("類別"), choices=[("", _("要求與任務")), *KIND_CHOICES], required=False)
    unit = forms.ModelChoiceField(
        label=_("負責單位"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("全部單位")
    )
    person_name = forms.CharField(
        label=_("提出人"),
        max_length=100,
        required=False,
        help_text=_("漢字（繁簡皆可）或拼音，如 zhang maizeng、zmz"),
    )
    person = forms.ModelChoiceField(
        label=_("人員編號"), queryset=Person.objects.none(), required=False, widget=forms.HiddenInput
    )
    year = forms.CharField(label=_("會議年份"), max_length=4, required=False)
    overdue = forms.BooleanField(label=_("僅逾期"), required=False)

    def __init__(self, data=None, *, user=None):
        super().__init__(data)
        # Only people and units the reader may know of: another id is an invalid choice, so its
        # name is never echoed.
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user).order_by("name")
        self.fields["person"].queryset = Person.objects.visible_to(user)
        self.user = user

    def clean_year(self) -> int | str:
        """A year, ALL_YEARS, or "" for the default (the latest year with meetings)."""
        value = self.cleaned_data["year"].strip()
        if value in ("", ALL_YEARS):
            return value
        if not re.fullmatch(r"[0-9]{4}", value) or not 1900 <= int(value) <= 2100:
            raise forms.ValidationError(_("請選擇 1900 至 2100 之間的年份。"))
        return int(value)

    def issuers(self) -> QuerySet[Person] | None:
        """The people the person fields name: the one picked from the suggestions, or everyone
        the typed name matches (either script or pinyin) among the people the reader may know."""
        data = self.cleaned_data
        if data.get("person") is not None:
            return Person.objects.filter(pk=data["person"].pk)
        name = (data.get("person_name") or "").strip()
        if not name:
            return None
        return Person.objects.visible_to(self.user).filter(pk__in=Person.objects.matching(name).values("pk"))


@dataclass(frozen=True)
class Filters:
    state: str = UNFINISHED
    kind: str = ""
    unit: OrgUnit | None = None
    issuers: QuerySet[Person] | None = None
    year: int | None = None
    overdue: bool = False
    today: datetime.date | None = None

    @classmethod
    def from_form(cls, form: BoardForm, today: datetime.date, default_year: int | None) -> Filters:
        """The form's filters; without a year, the board shows ``default_year`` (the latest with
        meetings): a year's items are what a logistics office follows up, and every year's are
        one choice away."""
        data = form.cleaned_data if form.is_bound else {}
        year = data.get("year", "")
        return cls(
            state=data.get("state") or UNFINISHED,
            kind=data.get("kind") or "",
            unit=data.get("unit"),
            issuers=form.issuers() if form.is_bound else None,
            year=None if year == ALL_YEARS else (year or default_year),
            overdue=bool(data.get("overdue")),
            today=today,
        )


def _state_condition(state: str) -> Q:
    if state == UNFINISHED:
        return ~Q(status=FollowUp.DONE)
    if state in FollowUp.values:
        return Q(status=state)
    return Q()


def directives(meetings: QuerySet[Meeting], filters: Filters) -> QuerySet[Directive]:
    """The board's directives: from ``meetings``, narrowed by ``filters``."""
    if filters.kind == TASK or filters.overdue:  # a directive has no due date, so never overdue
        return Directive.objects.none()
    qs = Directive.objects.filter(meeting__in=meetings.values("pk")).filter(_state_condition(filters.state))
    if filters.unit is not None:
        qs = qs.filter(meeting__organizer=filters.unit)
    if filters.issuers is not None:
        qs = qs.filter(issuer__in=filters.issuers.values("pk"))
    return qs


def tasks(meetings: QuerySet[Meeting], filters: Filters) -> QuerySet[Task]:
    """The board's tasks: from ``meetings``, narrowed by ``filters``. Tasks name no issuer, so a
    person filter leaves none."""
    if filters.kind == DIRECTIVE or filters.issuers is not None:
        return Task.objects.none()
    qs = Task.objects.filter(meeting__in=meetings.values("pk")).filter(_state_condition(filters.state))
    if filters.unit is not None:
        qs = qs.filter(owner_unit=filters.unit)
    if filters.overdue:
        qs = qs.filter(due_date__lt=filters.today).exclude(status=FollowUp.DONE)
    return qs


def _rows(qs: QuerySet, kind: str, due) -> QuerySet:
    return (
        qs.order_by()
        .annotate(
            item_kind=Value(kind, output_field=CharField()),
            item_due=due,
            item_meeting_date=F("meeting__date"),
            item_order=F("order"),
        )
        .values_list("item_kind", "pk", "item_due", "item_meeting_date", "meeting_id", "item_order")
    )


def board(meetings: QuerySet[Meeting], filters: Filters) -> QuerySet:
    """``(kind, pk, due, meeting date, meeting id, order)`` rows of the board, soonest due first
    (items without a due date after those with one), then the newest meeting first."""
    if filters.year is not None:
        meetings = meetings.filter(year=filters.year)
    directive_rows = _rows(directives(meetings, filters), DIRECTIVE, Value(None, output_field=DateField()))
    task_rows = _rows(tasks(meetings, filters), TASK, F("due_date"))
    return directive_rows.union(task_rows, all=True).order_by(
        F("item_due").asc(nulls_last=True),
        F("item_meeting_date").desc(nulls_last=True),
        "meeting_id",
        "item_kind",
        "item_order",
        "pk",
    )


@dataclass
class Item:
    """One line of the board, a directive or a task, with what the board shows of it."""

    kind: str
    record: Directive | Task

    @property
    def is_task(self) -> bool:
        return self.kind == TASK

    @property
    def kind_label(self) -> str:
        return dict(KIND_CHOICES)[self.kind]

    @property
    def meeting(self) -> Meeting:
        return self.record.meeting

    @property
    def anchor(self) -> str:
        return f"{self.meeting.get_absolute_url()}#{self.kind}-{self.record.pk}"

    def get_absolute_url(self) -> str:
        return reverse(f"minutes:follow_up_{self.kind}", args=[self.record.pk])

    @property
    def issuer(self) -> str:
        if self.is_task:
            return ""
        record = self.record
        return record.issuer.name if record.issuer_id else record.issuer_label

    @property
    def unit(self) -> OrgUnit | None:
        return self.record.owner_unit if self.is_task else self.meeting.organizer

    @property
    def due_date(self) -> datetime.date | None:
        return self.record.due_date if self.is_task else None

    @property
    def due_text(self) -> str:
        return self.record.due_text if self.is_task else ""

    def is_overdue(self, today: datetime.date) -> bool:
        due = self.due_date
        return due is not None and due < today and self.record.status != FollowUp.DONE


def items(rows) -> list[Item]:
    """The board's rows as items, their records fetched in one query per model."""
    rows = list(rows)
    wanted = {DIRECTIVE: [], TASK: []}
    for kind, pk, *_rest in rows:
        wanted[kind].append(pk)
    records = {}
    if wanted[DIRECTIVE]:
        found = Directive.objects.filter(pk__in=wanted[DIRECTIVE]).select_related(
            "meeting", "meeting__organizer", "issuer"
        )
        records.update({(DIRECTIVE, d.pk): d for d in found})
    if wanted[TASK]:
        found = Task.objects.filter(pk__in=wanted[TASK]).select_related("meeting", "owner_unit")
        records.update({(TASK, t.pk): t for t in found})
    return [Item(kind, records[kind, pk]) for kind, pk, *_rest in rows if (kind, pk) in records]
