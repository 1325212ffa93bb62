"""List filters and search terms shared by the admin's lists."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from minutes.chinese import to_simplified, to_traditional
from minutes.models import ImportBatch, Meeting

UNKNOWN_YEAR = "unknown"
YEAR_TITLE = _("年份")


def year_filter(field_path: str, title=YEAR_TITLE):
    """A list filter over a nullable year column, with 「年份不詳」 for meetings without one."""

    class YearListFilter(admin.SimpleListFilter):
        parameter_name = "year"

        def lookups(self, request, model_admin):
            years = (
                Meeting.objects.filter(year__isnull=False)
                .order_by("-year")
                .values_list("year", flat=True)
                .distinct()
            )
            return [(str(y), f"{y}年") for y in years] + [(UNKNOWN_YEAR, _("年份不詳"))]

        def queryset(self, request, queryset):
            value = self.value()
            if value == UNKNOWN_YEAR:
                return queryset.filter(**{f"{field_path}__isnull": True})
            if value and value.isdigit():
                return queryset.filter(**{field_path: int(value)})
            return queryset

    YearListFilter.title = title
    return YearListFilter


class NeedsReviewFilter(admin.SimpleListFilter):
    """需要核對: meetings whose import left guesses (review flags) no one has cleared yet."""

    title = _("需要核對")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("yes", _("需要核對")), ("no", _("無待核對事項"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.needs_review()
        if self.value() == "no":
            return queryset.filter(review_flags=[])
        return queryset


class ImportBatchFilter(admin.SimpleListFilter):
    """The meetings of one upload (``?import_batch=ID``, the link after an import); shown only
    while it is in use, since a choice per batch would grow without end."""

    title = _("匯入批次")
    parameter_name = "import_batch"

    def lookups(self, request, model_admin):
        # The admin applies only filters with choices: an unknown batch must still filter (to nothing).
        value = self.value()
        if not value:
            return []
        batch_id = self.batch_id()
        batch = ImportBatch.objects.filter(pk=batch_id).first() if batch_id else None
        return [(value, str(batch) if batch is not None else f"#{value[:20]}")]

    def batch_id(self) -> int | None:
        value = self.value() or ""
        # ASCII digits only ('²'.isdigit() is true), and within a bigint.
        return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        batch_id = self.batch_id()
        return queryset.filter(import_batches=batch_id) if batch_id else queryset.none()


def script_variants(term: str) -> set[str]:
    """The term as typed and in both scripts, so a search finds text written in either."""
    return {term, to_simplified(term), to_traditional(term)} - {""}
