"""Bar charts drawn on the server as SVG: no script and no CDN are needed to read them, each has
a title and a description for screen readers, and the page prints its numbers in a table beneath.

Markup is built with ``format_html`` only, so every label is escaped. The drawing scales with
its container (``viewBox``), so a chart stays readable on a phone.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .stats import Table
from .templatetags.minutes_tags import punct, script

# Series colours: readable on white, distinguishable for the common colour blindnesses
# (Okabe–Ito), in the order series are given.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


# Room for a row's label, in half-width characters (a Han character takes two).
LABEL_WIDTH = 18


def _fit(label: str, width: int) -> str:
    """``label`` cut with an ellipsis to ``width`` half-width characters."""
    used = 0
    for i, ch in enumerate(label):
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > width:
            return label[: max(i - 1, 1)] + "…"
    return label


def _n(value: float) -> str:
    return f"{value:.1f}"


def _join(parts: list[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _legend(series: list[Series], y: int) -> SafeString:
    return format_html_join(
        "",
        '<g transform="translate({},{})"><rect width="10" height="10" fill="{}"></rect>'
        '<text x="14" y="9" class="chart__legend">{}</text></g>',
        (
            (8 + (index % 3) * 136, y + (index // 3) * 16, PALETTE[index % len(PALETTE)], s.name)
            for index, s in enumerate(series)
        ),
    )


def _svg(chart_id: str, title: str, desc: str, width: int, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=desc,
        body=body,
    )


def columns(
    chart_id: str,
    *,
    title: str,
    desc: str,
    labels: list[str],
    series: list[Series],
    totals_shown: bool = True,
    tips: list[str] | None = None,
) -> SafeString:
    """Vertical stacked columns, one per label (months of a year, say); a blank label draws no text.
    ``tips`` name each column in its bars' tooltips when the labels are sparse."""
    tips = tips or labels
    width, plot_top, plot_height, left = 420, 18, 160, 30
    step = (width - left - 8) / max(len(labels), 1)
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    bars = []
    for i, label in enumerate(labels):
        x = left + i * step + step * 0.15
        y_base = plot_top + plot_height
        for index, s in enumerate(series):
            value = s.values[i]
            if not value:
                continue
            height = value / top * plot_height
            y_base -= height
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} · {}{}{}</title></rect>',
                    _n(x),
                    _n(y_base),
                    _n(step * 0.7),
                    _n(height),
                    PALETTE[index % len(PALETTE)],
                    tips[i],
                    s.name,
                    punct("："),
                    value,
                )
            )
        if label:
            bars.append(
                format_html(
                    '<text x="{}" y="{}" class="chart__label" text-anchor="{}">{}</text>',
                    _n(left + i * step + (step / 2 if totals_shown else 0)),
                    plot_top + plot_height + 16,
                    "middle" if totals_shown else "start",
                    label,
                )
            )
        if totals[i] and totals_shown:
            bars.append(
                format_html(
                    '<text x="{}" y="{}" class="chart__value" text-anchor="middle">{}</text>',
                    _n(left + i * step + step / 2),
                    _n(plot_top + plot_height - totals[i] / top * plot_height - 3),
                    totals[i],
                )
            )
    axis = format_html(
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" class="chart__axis"></line>'
        '<text x="{tx}" y="{ty}" class="chart__label" text-anchor="end">{top}</text>'
        '<text x="{tx}" y="{b}" class="chart__label" text-anchor="end">0</text>',
        l=left,
        r=width - 8,
        b=plot_top + plot_height,
        tx=left - 4,
        ty=plot_top + 8,
        top=max(totals, default=0),
    )
    legend_rows = (len(series) + 2) // 3 if len(series) > 1 else 0
    legend = _legend(series, plot_top + plot_height + 30) if legend_rows else SafeString("")
    height = plot_top + plot_height + 24 + legend_rows * 16 + (6 if legend_rows else 0)
    return _svg(chart_id, title, desc, width, height, format_html("{}{}{}", axis, _join(bars), legend))


def rows(chart_id: str, *, title: str, desc: str, labels: list[str], series: list[Series]) -> SafeString:
    """Horizontal stacked bars, one row per label (units or people, most first)."""
    width, left, row, right = 420, 124, 24, 36
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    plot_width = width - left - right
    parts = []
    for i, label in enumerate(labels):
        y = 4 + i * row
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart__label" text-anchor="end">{}</text>',
                left - 6,
                y + 15,
                _fit(label, LABEL_WIDTH),
            )
        )
        x = left
        for index, s in enumerate(series):
            value = s.values[i]
            if not value:
                continue
            bar = value / top * plot_width
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} · {}{}{}</title></rect>',
                    _n(x),
                    y + 3,
                    _n(bar),
                    row - 8,
                    PALETTE[index % len(PALETTE)],
                    label,
                    s.name,
                    punct("："),
                    value,
                )
            )
            x += bar
        parts.append(
            format_html('<text x="{}" y="{}" class="chart__value">{}</text>', _n(x + 4), y + 15, totals[i])
        )
    height = 8 + len(labels) * row
    legend = SafeString("")
    if len(series) > 1:
        legend = _legend(series, height + 4)
        height += 6 + (len(series) + 2) // 3 * 16
    return _svg(chart_id, title, desc, width, max(height, 30), format_html("{}{}", _join(parts), legend))


@dataclass
class Chart:
    """A chart with its numbers: the page draws ``svg`` and prints ``table`` beneath it."""

    key: str
    title: str
    desc: str
    label_heading: str
    table: Table
    horizontal: bool
    # Under a long run of thin columns (months over years): the labels written on the axis, blank
    # where there is no room; the table's labels then name each column in its tooltip, and no
    # number is written above the columns.
    axis_labels: list[str] | None = None

    @property
    def svg(self) -> SafeString:
        series = [Series(name, self.table.column(index)) for index, name in enumerate(self.table.headings)]
        labels = [script(label) for label in self.table.labels]
        common = {"title": self.title, "desc": self.desc, "series": series}
        if self.horizontal:
            return rows(f"chart-{self.key}", labels=labels, **common)
        if self.axis_labels is None:
            return columns(f"chart-{self.key}", labels=labels, **common)
        return columns(
            f"chart-{self.key}", labels=self.axis_labels, tips=labels, totals_shown=False, **common
        )
