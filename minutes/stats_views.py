"""The statistics page (/stats/) and its CSV exports: charts drawn by ``minutes.charts`` from the
rows of ``minutes.stats``, one definition for the chart, its table and its CSV."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from orgunits.models import OrgUnit

from . import revision, stats
from .charts import Chart
from .context_processors import simplified_active
from .exports import _download as download
from .exports import csv_lines
from .models import Meeting


class StatsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年份"), min_value=1900, max_value=2100, required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("單位"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("全部單位"),
    )

    def __init__(self, data=None, *, user=None):
        super().__init__(data)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user).order_by("name")


def _scope(request):
    """The form, the meetings it selects, the year shown and the years with meetings; the
    year defaults to the latest with meetings. ``None`` meetings when the form is invalid."""

    form = StatsForm(request.GET or None, user=request.user)
    meetings = Meeting.objects.visible_to(request.user)
    if form.is_bound and not form.is_valid():
        return form, None, None, []
    data = form.cleaned_data if form.is_bound else {}
    if data.get("unit") is not None:
        meetings = meetings.involving_unit(data["unit"])
    years = stats.year_choices(meetings)
    year = data.get("year") or (years[0] if years else None)
    return form, meetings, year, years


def build_charts(meetings, year: int | None, years: list[int]) -> list[Chart]:
    in_year = meetings.filter(year=year) if year else meetings.none()
    shown_years = sorted(y for y in years if year is None or y <= year)[-stats.YEARS_SHOWN :]
    per_month = stats.meetings_per_month(meetings, year) if year else stats.Table([], [])
    per_month = stats.Table(
        per_month.headings, [(_("%(month)d月") % {"month": int(m)}, values) for m, values in per_month.rows]
    )
    follow_up = stats.follow_up_per_unit(in_year, timezone.localdate())
    follow_up = stats.Table([_("已完成"), _("未完成"), _("已逾期")], follow_up.rows)
    speakers = stats.top_speakers(in_year)
    chairs = stats.top_chairs(in_year)
    return [
        Chart(
            "monthly",
            _("%(year)s年每月會議次數") % {"year": year},
            _("按會議類型堆疊，每月一欄。"),
            _("月份"),
            per_month,
            horizontal=False,
        ),
        Chart(
            "units",
            _("各主辦單位每年會議次數"),
            _("主辦會議最多的單位，每年一段。"),
            _("單位"),
            stats.meetings_per_unit(meetings, shown_years),
            horizontal=True,
        ),
        Chart(
            "follow-up",
            _("%(year)s年各單位工作要求與任務落實情況") % {"year": year},
            _("已完成、未完成和已逾期的事項數。"),
            _("單位"),
            follow_up,
            horizontal=True,
        ),
        Chart(
            "speakers",
            _("%(year)s年發言最多的人員") % {"year": year},
            _("有發言的會議次數。"),
            _("人員"),
            stats.Table([_("發言會議數")], speakers.rows),
            horizontal=True,
        ),
        Chart(
            "chairs",
            _("%(year)s年主持會議最多的人員") % {"year": year},
            _("主持的會議次數。"),
            _("人員"),
            stats.Table([_("主持次數")], chairs.rows),
            horizontal=True,
        ),
    ]


def cached_charts(request, form, meetings, year, years) -> list[Chart]:
    """The charts, counted once per archive revision for each visibility level, year, unit and
    language (``minutes.revision``): the statistics read the whole archive."""
    unit = form.cleaned_data.get("unit") if form.is_bound else None
    key = ":".join(
        [
            "stats",
            "signed-in" if request.user.is_authenticated else "public",
            str(year),
            str(unit.pk if unit else ""),
            get_language() or "",
            "simplified" if simplified_active() else "",
        ]
    )
    return revision.cached(key, lambda: build_charts(meetings, year, years))


@require_safe
def stats_page(request):
    form, meetings, year, years = _scope(request)
    chart_list = cached_charts(request, form, meetings, year, years) if meetings is not None and years else []
    return render(
        request,
        "minutes/stats.html",
        {"form": form, "charts": chart_list, "year": year, "years": years},
    )


@require_safe
def stats_csv(request, key: str):
    form, meetings, year, years = _scope(request)
    if meetings is None:
        raise Http404
    chart = next((c for c in cached_charts(request, form, meetings, year, years) if c.key == key), None)
    if chart is None:
        raise Http404
    rows = ([label, *values] for label, values in chart.table.rows)
    stream = csv_lines([chart.label_heading, *chart.table.headings], rows)
    return download(stream, content_type="text/csv; charset=utf-8", filename=f"stats-{key}.csv")
