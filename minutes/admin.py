"""Staff admin for meetings, their source reports, and directive/task follow-up.

Every record admin keeps history (django-simple-history): who changed what and when, with a
reason, and a revert button. Publishing needs ``minutes.publish_meeting`` (the editors group);
a published meeting cannot be deleted, only withdrawn.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max, Q
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from minutes import admin_links, exports, review, workflow  # noqa: F401 (admin_links registers)
from minutes.admin_forms import FollowUpActionForm, MeetingActionForm, MeetingAdminForm
from minutes.chinese import to_simplified, to_traditional
from minutes.highlighting import mark_source, spans_of
from minutes.models import (
    DUPLICATE_ATTENDEE,
    Appointment,
    Attendance,
    Decision,
    Directive,
    FollowUp,
    ImportBatch,
    Meeting,
    SourceReport,
    Speech,
    Task,
)

UNKNOWN_YEAR = "unknown"
ADMIN_MEDIA_CSS = {"all": ["admin-extra/admin.css"]}
ADMIN_MEDIA_JS = ["admin/js/jquery.init.js", "admin-extra/inline-order.js"]


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


# --- the highlighted source text -----------------------------------------------------------------

SPAN_KINDS = (
    ("attendance", "attendances", _("出席")),
    ("speech", "speeches", _("發言")),
    ("directive", "directives", _("工作要求")),
    ("appointment", "appointments", _("任免")),
    ("decision", "decisions", _("決定／文件")),
    ("task", "tasks", _("工作任務")),
)
SPAN_LABELS = {kind: label for kind, _related, label in SPAN_KINDS}


class RelatedLabelCache:
    """Labels of every person and unit one meeting's form refers to, loaded in one query per model,
    so that the autocomplete widgets of many inline rows do not query once each."""

    def __init__(self, meeting: Meeting | None):
        self.meeting = meeting
        self._labels: dict[type, dict[str, str]] = {}

    def labels(self, model) -> dict[str, str]:
        if model not in self._labels:
            self._labels[model] = self._load(model)
        return self._labels[model]

    def _load(self, model) -> dict[str, str]:
        from orgunits.models import OrgUnit
        from people.models import Person

        m = self.meeting
        if m is None or not m.pk:
            return {}
        if model is Person:
            query = (
                Q(pk=m.chair_id)
                | Q(pk__in=Attendance.objects.filter(meeting=m).values("person"))
                | Q(pk__in=Speech.objects.filter(meeting=m).values("person"))
                | Q(pk__in=Directive.objects.filter(meeting=m).values("issuer"))
                | Q(pk__in=Appointment.objects.filter(meeting=m).values("person"))
                | Q(pk__in=Appointment.objects.filter(meeting=m).values("announced_by"))
                | Q(pk__in=Decision.objects.filter(meeting=m).values("read_by"))
            )
        elif model is OrgUnit:
            query = (
                Q(pk=m.organizer_id)
                | Q(pk__in=Attendance.objects.filter(meeting=m).values("unit"))
                | Q(pk__in=Speech.objects.filter(meeting=m).values("unit"))
                | Q(pk__in=Appointment.objects.filter(meeting=m).values("unit"))
                | Q(pk__in=Task.objects.filter(meeting=m).values("owner_unit"))
            )
        else:
            return {}
        return {str(obj.pk): str(obj) for obj in model.objects.filter(query)}


class CachedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete select that takes the selected option's label from a RelatedLabelCache."""

    def __init__(self, *args, label_cache: RelatedLabelCache | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_cache = label_cache

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        labels = self.label_cache.labels(self.field.remote_field.model) if self.label_cache else {}
        if not selected <= labels.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for pk in sorted(selected):
            options.append(self.create_option(name, pk, labels[pk], selected, len(options)))
        return [(None, options, 0)]


class CachedAutocompleteMixin:
    """Use CachedAutocompleteSelect (sharing the request's RelatedLabelCache) for autocomplete fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        cache = getattr(request, "_admin_label_cache", None)
        if (
            "widget" not in kwargs
            and cache is not None
            and db_field.name in self.get_autocomplete_fields(request)
        ):
            kwargs["widget"] = CachedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"), label_cache=cache
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SourceSpanInlineMixin:
    """Shows each row's source excerpt with a link to its place in the highlighted text."""

    span_kind = ""
    _parent: Meeting | None = None

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made per request; keep the parent so rows need not fetch it again.
        self._parent = obj
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("原文"))
    def source_span(self, obj):
        if obj is None or not obj.pk or not obj.has_span:
            return "—"
        parent = (
            self._parent if self._parent is not None and self._parent.pk == obj.meeting_id else obj.meeting
        )
        report = parent.source_report if parent.source_report_id else None
        if report is None:
            return "—"
        text = report.excerpt(obj.span_start, obj.span_end)
        return format_html(
            '<a class="span-link" href="#span-{}-{}" title="{}">{}</a>',
            self.span_kind,
            obj.pk,
            Truncator(text).chars(200),
            Truncator(text).chars(14),
        )


# --- inlines ------------------------------------------------------------------------------------


class OrderedInlineFormSet(forms.BaseInlineFormSet):
    """Rows keep an ``order`` number; the number may be left blank (filled on save)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "order" in form.fields:
            form.fields["order"].required = False
            form.fields["order"].widget.attrs.update({"class": "inline-order", "min": 0, "size": 3})


class AttendanceInlineFormSet(OrderedInlineFormSet):
    """The same person twice among the rows would reach the database's attendance_person_once
    (an error page): said on the second row instead."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            person = form.cleaned_data.get("person")
            if person is None:
                continue
            if person.pk in seen:
                form.add_error("person", DUPLICATE_ATTENDEE)
            seen.add(person.pk)


class MeetingChildInline(CachedAutocompleteMixin, SourceSpanInlineMixin, admin.TabularInline):
    formset = OrderedInlineFormSet
    extra = 0
    show_change_link = False
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 48})}}
    readonly_fields = ("source_span",)
    classes = ("ordered-inline",)
    # Each row's title (``str(obj)``) is shown above it; load what __str__ reads with the rows.
    row_select_related: tuple[str, ...] = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.row_select_related)


class AttendanceInline(MeetingChildInline):
    model = Attendance
    formset = AttendanceInlineFormSet
    row_select_related = ("person",)
    span_kind = "attendance"
    fields = ("order", "person", "group_label", "unit", "role", "category", "source_span")
    autocomplete_fields = ("person", "unit")
    extra = 1


class SpeechInline(MeetingChildInline):
    model = Speech
    row_select_related = ("person", "unit")
    span_kind = "speech"
    fields = ("order", "person", "speaker_label", "unit", "speaker_title", "kind", "text", "source_span")
    autocomplete_fields = ("person", "unit")
    extra = 1
    # A speech runs to paragraphs: a taller box (admin.css fits the row's columns to the screen).
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 8, "cols": 40})}}


class DirectiveInline(MeetingChildInline):
    model = Directive
    span_kind = "directive"
    fields = ("order", "number", "issuer", "issuer_label", "speech", "text", "status", "source_span")
    autocomplete_fields = ("issuer",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "speech":
            # Only this meeting's speeches, loaded once for all rows (not once per row).
            meeting = getattr(request, "_admin_meeting", None)
            choices = list(Speech.objects.filter(meeting=meeting)) if meeting and meeting.pk else []
            kwargs["queryset"] = (
                Speech.objects.filter(meeting=meeting) if meeting and meeting.pk else (Speech.objects.none())
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.widget.can_add_related = field.widget.can_change_related = False
            field.widget.can_delete_related = field.widget.can_view_related = False
            field._cached_choices = [("", "---------")] + [(s.pk, str(s)) for s in choices]
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        speech_field = formset.form.base_fields.get("speech")
        cached = getattr(speech_field, "_cached_choices", None)
        if cached is not None:
            base_init = formset.form.__init__

            def __init__(form, *args, **kw):
                base_init(form, *args, **kw)
                form.fields["speech"].widget.widget.choices = cached

            formset.form = type(formset.form.__name__, (formset.form,), {"__init__": __init__})
        return formset


class AppointmentInline(MeetingChildInline):
    model = Appointment
    row_select_related = ("person",)
    span_kind = "appointment"
    fields = ("order", "person", "is_removal", "post", "unit", "announced_by", "post_held", "source_span")
    autocomplete_fields = ("person", "unit", "announced_by")
    raw_id_fields = ("post_held",)


class DecisionInline(MeetingChildInline):
    model = Decision
    span_kind = "decision"
    fields = ("order", "title", "read_by", "read_by_label", "source_span")
    autocomplete_fields = ("read_by",)


class TaskInline(MeetingChildInline):
    model = Task
    span_kind = "task"
    fields = ("order", "text", "due_text", "due_date", "owner_unit", "status", "status_note", "source_span")
    autocomplete_fields = ("owner_unit",)


# --- meetings -----------------------------------------------------------------------------------


@admin.register(Meeting)
class MeetingAdmin(CachedAutocompleteMixin, SimpleHistoryAdmin):
    form = MeetingAdminForm
    action_form = MeetingActionForm
    inlines = [AttendanceInline, SpeechInline, DirectiveInline, AppointmentInline, DecisionInline, TaskInline]
    list_display = (
        "display_date_column",
        "name",
        "chair_column",
        "organizer",
        "status",
        "visibility",
        "review_column",
        "duplicate_column",
    )
    list_display_links = ("display_date_column", "name")
    list_select_related = ("chair", "organizer")
    list_filter = (
        NeedsReviewFilter,
        ImportBatchFilter,
        "status",
        "visibility",
        ("organizer", admin.RelatedOnlyFieldListFilter),
        year_filter("year"),
        "kind",
    )
    date_hierarchy = "date"
    search_fields = ("name", "venue", "chair__name", "chair_label")
    search_help_text = _("按會議名稱、地點或主持人搜尋（繁簡皆可）")
    autocomplete_fields = ("chair", "organizer")
    raw_id_fields = ("source_report",)
    readonly_fields = (
        "date",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
        "source_panel",
        "review_panel",
    )
    list_per_page = 50
    save_on_top = True
    actions = ["publish_selected", "withdraw_selected", "export_csv", "export_json", "delete_selected"]
    fieldsets = (
        (None, {"fields": ("name", "kind", "organizer", "status", "visibility", "change_reason")}),
        (
            _("日期與地點"),
            {
                "fields": (
                    ("year", "month", "day", "year_source"),
                    ("date_text", "time_of_day", "start_time"),
                    "venue",
                    "date",
                )
            },
        ),
        (_("主持"), {"fields": (("chair", "chair_label"),)}),
        (_("摘要"), {"fields": ("summary",), "classes": ("collapse",)}),
        (_("來源"), {"fields": ("source_report", "source_panel")}),
        (
            _("記錄"),
            {
                "fields": (
                    "published_at",
                    "published_by",
                    "created_at",
                    "updated_at",
                    "source_spans",
                    "locked_fields",
                ),
                "classes": ("collapse",),
            },
        ),
    )

    class Media:
        css = ADMIN_MEDIA_CSS
        js = ADMIN_MEDIA_JS

    # -- lists

    def get_queryset(self, request):
        return workflow.with_duplicate_flag(super().get_queryset(request))

    def view_on_site(self, obj):
        # A draft's public page is a 404 for readers; staff get its preview.
        return obj.get_preview_url()

    @admin.display(description=_("日期"), ordering="date")
    def display_date_column(self, obj):
        return obj.display_date or "—"

    @admin.display(description=_("主持人"), ordering="chair__name_simplified")
    def chair_column(self, obj):
        return obj.chair.name if obj.chair_id else (obj.chair_label or "—")

    @admin.display(description=_("需要核對"))
    def review_column(self, obj):
        if not obj.review_flags:
            return ""
        return format_html(
            '<span class="review-flag" title="{}">⚠ {}</span>',
            "\n".join(review.describe(flag, obj) for flag in obj.review_flags),
            gettext("需要核對（%(n)d）") % {"n": len(obj.review_flags)},
        )

    @admin.display(description=_("可能重複"), ordering="-possible_duplicate")
    def duplicate_column(self, obj):
        if not getattr(obj, "possible_duplicate", False):
            return ""
        return format_html(
            '<span class="dup-flag" title="{}">⚠ {}</span>',
            gettext("同日且主持人或出席者相同，或原文相同"),
            gettext("可能重複"),
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, "")
        term = search_term.strip()
        if not term:
            return queryset, may_have_duplicates
        query = Q()
        for variant in script_variants(term):
            for field in ("name", "venue", "chair_label"):
                query |= Q(**{f"{field}__icontains": variant})
        query |= Q(chair__name_simplified__contains=to_simplified(term))
        query |= Q(chair__in=self._people_matching(term))
        return queryset.filter(query), may_have_duplicates

    @staticmethod
    def _people_matching(term):
        from people.models import Person

        return Person.objects.matching(term).values("pk")

    # -- change form

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._admin_meeting = obj
        request._admin_label_cache = RelatedLabelCache(obj)
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields and not workflow.can_publish(request.user):
            # Only publishers may move a meeting between draft, published and withdrawn.
            form.base_fields["status"].disabled = True
            form.base_fields["status"].help_text = gettext("只有編輯可以發佈或撤回。")
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.review_flags:
            return fieldsets
        reviewing = (
            _("需要核對"),
            {
                "fields": ("review_panel",),
                "classes": ("review-needed",),
                "description": _(
                    "匯入時以下內容是推定的。核對並改正後儲存，這些提示即清除（修改歷史記下是誰核對的）。"
                ),
            },
        )
        return (reviewing, *fieldsets)

    @admin.display(description=_("待核對事項"))
    def review_panel(self, obj):
        if obj is None or not obj.review_flags:
            return gettext("（沒有待核對事項）")
        return format_html(
            '<ul class="review-flags">{}</ul>',
            format_html_join("", "<li>{}</li>", ((review.describe(flag, obj),) for flag in obj.review_flags)),
        )

    @admin.display(description=_("原文（標出已抽取的內容）"))
    def source_panel(self, obj):
        report = obj.source_report if obj and obj.pk else None
        if report is None:
            return gettext("（沒有來源報道）")
        legend = format_html_join(
            " ", '<mark class="src src-{}">{}</mark>', ((kind, label) for kind, _r, label in SPAN_KINDS)
        )
        return format_html(
            '<div class="source-legend">{}</div><pre class="source-text" lang="zh-Hant">{}</pre>',
            legend,
            mark_source(report.text, spans_of(obj, prefix="span", labels=SPAN_LABELS)),
        )

    def get_inline_instances(self, request, obj=None):
        request._admin_meeting = obj
        return super().get_inline_instances(request, obj)

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("status") if change else None
        workflow.apply_status_change(meeting=obj, previous_status=previous, user=request.user)
        reason = (form.cleaned_data.get("change_reason") or "").strip()
        if change and obj.review_flags:
            # Staff saw the guesses on this page and saved it: they are checked. The history row
            # of this save keeps the flags' removal and who made it.
            obj.review_flags = []
            reason = reason or review.REVIEWED_REASON
        if reason:
            obj._change_reason = reason
        request._change_reason = reason
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        reason = getattr(request, "_change_reason", "")
        with transaction.atomic():
            for gone in formset.deleted_objects:
                gone._history_user = request.user
                gone.delete()
            if "order" in {f.name for f in formset.model._meta.fields}:
                self._assign_order(formset, instances)
            for instance in instances:
                instance._history_user = request.user
                if reason:
                    instance._change_reason = reason
                instance.save()
            formset.save_m2m()

    @staticmethod
    def _assign_order(formset, instances):
        model = formset.model
        meeting = formset.instance
        taken = list(model.objects.filter(meeting=meeting).aggregate(m=Max("order")).values())[0] or 0
        taken = max([taken] + [i.order for i in instances if i.order is not None])
        for instance in instances:
            if instance.order is None:
                taken += 1
                instance.order = taken
        if model is Speech:
            # Speech order is unique per meeting and rows save one at a time; park the moving rows
            # on numbers no one uses so that swapping 1 and 2 does not trip the constraint.
            moving = [i.pk for i in instances if i.pk]
            if moving:
                Speech.objects.filter(pk__in=moving).update(order=F("order") + 1_000_000)

    def response_change(self, request, obj):
        self._warn_duplicates(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self._warn_duplicates(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def _warn_duplicates(self, request, obj):
        duplicates = workflow.possible_duplicates(obj)
        if duplicates:
            links = format_html_join(
                "、",
                '<a href="{}">{}</a>',
                ((reverse("admin:minutes_meeting_change", args=[d.pk]), str(d)) for d in duplicates),
            )
            self.message_user(
                request,
                format_html("{} {}", gettext("可能重複：已有相近的會議記錄"), links),
                messages.WARNING,
            )

    # -- permissions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Meeting.Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    # -- actions

    @admin.action(permissions=["delete"], description=_("刪除所選的會議（已發佈的不可刪除）"))
    def delete_selected(self, request, queryset):
        published = queryset.filter(status=Meeting.Status.PUBLISHED).count()
        if published:
            self.message_user(
                request,
                gettext("有 %(n)d 個已發佈的會議不能刪除；請先撤回。") % {"n": published},
                messages.ERROR,
            )
            return None
        return django_delete_selected(self, request, queryset)

    @admin.action(permissions=["publish"], description=_("發佈所選的會議"))
    def publish_selected(self, request, queryset):
        reason = (request.POST.get("reason") or "").strip()
        changed = workflow.publish_meetings(meetings=queryset, user=request.user, reason=reason)
        self.message_user(request, gettext("已發佈 %(n)d 個會議。") % {"n": len(changed)}, messages.SUCCESS)

    @admin.action(permissions=["publish"], description=_("撤回所選的會議（須填原因）"))
    def withdraw_selected(self, request, queryset):
        try:
            changed = workflow.withdraw_meetings(
                meetings=queryset, user=request.user, reason=request.POST.get("reason", "")
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        self.message_user(request, gettext("已撤回 %(n)d 個會議。") % {"n": len(changed)}, messages.SUCCESS)

    @admin.action(permissions=["view"], description=_("匯出所選的會議（CSV）"))
    def export_csv(self, request, queryset):
        rows = workflow.meeting_csv_rows(workflow.meetings_for_export(queryset))
        body = "".join(exports.csv_lines(workflow.CSV_COLUMNS, rows))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="meetings.csv"'
        return response

    @admin.action(permissions=["view"], description=_("匯出所選的會議（JSON，抽取格式）"))
    def export_json(self, request, queryset):
        document = workflow.extraction_document_from_meetings(workflow.meetings_for_export(queryset))
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="meetings.json"'
        return response

    # -- "new meeting from report text"

    def get_urls(self):
        from minutes.admin_views import import_report_view

        custom = [
            path(
                "from-text/",
                self.admin_site.admin_view(lambda request: import_report_view(request, self)),
                name="minutes_meeting_from_text",
            )
        ]
        return custom + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        extra_context["can_import_text"] = self.has_add_permission(request)
        return super().changelist_view(request, extra_context)


# --- source reports -----------------------------------------------------------------------------


@admin.register(SourceReport)
class SourceReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the importer, which keeps revisions."""

    list_display = ("file_name", "position", "title", "encoding", "imported_at", "imported_by")
    list_select_related = ("imported_by",)
    search_fields = ("file_name", "title")
    list_filter = ("encoding",)
    date_hierarchy = "imported_at"
    fields = (
        "file_name",
        "position",
        "start_line",
        "title",
        "encoding",
        "content_hash",
        "imported_at",
        "imported_by",
        "previous_revision",
        "later_revisions_list",
        "meetings_list",
        "warnings",
        "text_block",
    )
    readonly_fields = fields

    class Media:
        css = ADMIN_MEDIA_CSS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("全文"))
    def text_block(self, obj):
        return format_html('<pre class="source-text" lang="zh-Hant">{}</pre>', obj.text)

    @admin.display(description=_("會議"))
    def meetings_list(self, obj):
        rows = obj.meetings.all()
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a>',
                ((reverse("admin:minutes_meeting_change", args=[m.pk]), str(m)) for m in rows),
            )
            or "—"
        )

    @admin.display(description=_("較新版本"))
    def later_revisions_list(self, obj):
        rows = obj.later_revisions.all()
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a>',
                ((reverse("admin:minutes_sourcereport_change", args=[r.pk]), str(r)) for r in rows),
            )
            or "—"
        )


# --- import batches -----------------------------------------------------------------------------


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: a batch is written by the upload that made it. Staff see their own batches
    (administrators all of them); the progress page refreshes while a batch runs."""

    list_display = (
        "file_name",
        "state",
        "progress_column",
        "written",
        "unchanged",
        "failed",
        "created_at",
        "user",
    )
    list_select_related = ("user",)
    list_filter = ("state",)
    date_hierarchy = "created_at"
    fields = (
        "file_name",
        "user",
        "state",
        "created_at",
        "started_at",
        "finished_at",
        "reports_total",
        "reports_done",
        "written",
        "unchanged",
        "failed",
        "meetings_link",
        "messages",
    )
    readonly_fields = fields

    class Media:
        css = ADMIN_MEDIA_CSS

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user_id=request.user.pk)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("進度"))
    def progress_column(self, obj):
        return f"{obj.reports_done}/{obj.reports_total}"

    @admin.display(description=_("會議"))
    def meetings_link(self, obj):
        url = reverse("admin:minutes_meeting_changelist") + f"?import_batch={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("列出這一批的會議"))

    def get_urls(self):
        from minutes.admin_views import import_batch_progress_view

        custom = [
            path(
                "<path:object_id>/progress/",
                self.admin_site.admin_view(
                    lambda request, object_id: import_batch_progress_view(request, self, object_id)
                ),
                name="minutes_importbatch_progress",
            )
        ]
        return custom + super().get_urls()


# --- follow-up of directives and tasks ----------------------------------------------------------


class FollowUpAdmin(SimpleHistoryAdmin):
    """Directives and tasks as work to follow up: filter by state, issuer/unit and year."""

    action_form = FollowUpActionForm
    list_editable = ("status",)
    list_per_page = 100
    actions = ["mark_in_progress", "mark_done", "mark_open"]

    class Media:
        css = ADMIN_MEDIA_CSS

    @admin.display(description=_("會議日期"), ordering="meeting__date")
    def meeting_date(self, obj):
        return obj.meeting.display_date or "—"

    def get_search_results(self, request, queryset, search_term):
        queryset, dup = super().get_search_results(request, queryset, "")
        if request.GET.get("model_name") == "followuplink" and request.GET.get("field_name", "").startswith(
            "earlier_"
        ):
            queryset = queryset.open()  # an earlier item to follow up is one still open
        term = search_term.strip()
        if not term:
            return queryset, dup
        query = Q()
        for variant in script_variants(term):
            query |= Q(text__icontains=variant) | Q(meeting__name__icontains=variant)
        return queryset.filter(query | self.extra_search(term)), dup

    def extra_search(self, term):
        return Q(pk__in=[])

    def _mark(self, request, queryset, status):
        count = workflow.update_follow_up(
            items=queryset, status=status, note=(request.POST.get("note") or "").strip(), user=request.user
        )
        self.message_user(
            request,
            gettext("已將 %(n)d 項標為「%(state)s」。") % {"n": count, "state": FollowUp(status).label},
            messages.SUCCESS,
        )

    @admin.action(permissions=["change"], description=_("標為落實中（可附說明）"))
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, FollowUp.IN_PROGRESS)

    @admin.action(permissions=["change"], description=_("標為已完成（可附說明）"))
    def mark_done(self, request, queryset):
        self._mark(request, queryset, FollowUp.DONE)

    @admin.action(permissions=["change"], description=_("標為未落實"))
    def mark_open(self, request, queryset):
        self._mark(request, queryset, FollowUp.OPEN)


@admin.register(Directive)
class DirectiveAdmin(FollowUpAdmin):
    list_display = ("short_text", "issuer_column", "meeting_date", "meeting", "status", "status_note")
    list_select_related = ("issuer", "meeting")
    list_filter = ("status", ("issuer", admin.RelatedOnlyFieldListFilter), year_filter("meeting__year"))
    search_fields = ("text", "issuer__name", "issuer_label")
    search_help_text = _("按內容、提出人搜尋（繁簡、拼音皆可）")
    autocomplete_fields = ("meeting", "issuer")
    raw_id_fields = ("speech",)
    fields = (
        "meeting",
        "speech",
        "issuer",
        "issuer_label",
        "number",
        "order",
        "text",
        "status",
        "status_note",
        "span_start",
        "span_end",
    )

    @admin.display(description=_("內容"))
    def short_text(self, obj):
        return Truncator(obj.text).chars(50)

    @admin.display(description=_("提出人"), ordering="issuer__name_simplified")
    def issuer_column(self, obj):
        return obj.issuer.name if obj.issuer_id else (obj.issuer_label or "—")

    def extra_search(self, term):
        from people.models import Person

        return Q(issuer__in=Person.objects.matching(term).values("pk"))


@admin.register(Task)
class TaskAdmin(FollowUpAdmin):
    list_display = (
        "text",
        "due_text",
        "due_date",
        "owner_unit",
        "meeting_date",
        "meeting",
        "status",
        "status_note",
    )
    list_select_related = ("owner_unit", "meeting")
    list_filter = ("status", ("owner_unit", admin.RelatedOnlyFieldListFilter), year_filter("meeting__year"))
    search_fields = ("text", "due_text", "owner_unit__name")
    search_help_text = _("按事項、負責單位搜尋（繁簡皆可）")
    autocomplete_fields = ("meeting", "owner_unit")
    date_hierarchy = "due_date"
    fields = (
        "meeting",
        "text",
        "due_text",
        "due_date",
        "owner_unit",
        "order",
        "status",
        "status_note",
        "span_start",
        "span_end",
    )

    def extra_search(self, term):
        from orgunits.models import OrgUnit

        return Q(owner_unit__in=OrgUnit.objects.search(term).values("pk"))
