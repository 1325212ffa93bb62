"""A meeting's lists as inline rows: their widgets, their order numbers, and how they are saved."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.db.models import F, Max

from minutes.admin.autocomplete import CachedAutocompleteMixin
from minutes.admin.source_text import SourceSpanInlineMixin
from minutes.models import DUPLICATE_ATTENDEE, Appointment, Attendance, Decision, Directive, Speech, Task


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


MEETING_INLINES = [
    AttendanceInline,
    SpeechInline,
    DirectiveInline,
    AppointmentInline,
    DecisionInline,
    TaskInline,
]


def save_rows(request, formset) -> None:
    """Save one inline's rows with the editor as history user and the form's change reason."""
    instances = formset.save(commit=False)
    reason = getattr(request, "_change_reason", "")
    with transaction.atomic():
        for gone in formset.deleted_objects:
            gone._history_user = request.user
            gone.delete()
        if "order" in {f.name for f in formset.model._meta.fields}:
            _assign_order(formset, instances)
        for instance in instances:
            instance._history_user = request.user
            if reason:
                instance._change_reason = reason
            instance.save()
        formset.save_m2m()


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
