"""Autocomplete widgets of a meeting's form that share one label lookup, so many inline rows do not
query once each."""

from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Q

from minutes.models import Appointment, Attendance, Decision, Directive, Meeting, Speech, Task


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
