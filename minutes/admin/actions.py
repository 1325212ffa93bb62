"""The meeting list's actions: publish, withdraw, export, and a delete that spares published ones."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minutes import exports, workflow
from minutes.models import Meeting


@admin.action(permissions=["delete"], description=_("刪除所選的會議（已發佈的不可刪除）"))
def delete_selected(modeladmin, request, queryset):
    published = queryset.filter(status=Meeting.Status.PUBLISHED).count()
    if published:
        modeladmin.message_user(
            request,
            gettext("有 %(n)d 個已發佈的會議不能刪除；請先撤回。") % {"n": published},
            messages.ERROR,
        )
        return None
    return django_delete_selected(modeladmin, request, queryset)


@admin.action(permissions=["publish"], description=_("發佈所選的會議"))
def publish_selected(modeladmin, request, queryset):
    reason = (request.POST.get("reason") or "").strip()
    changed = workflow.publish_meetings(meetings=queryset, user=request.user, reason=reason)
    modeladmin.message_user(request, gettext("已發佈 %(n)d 個會議。") % {"n": len(changed)}, messages.SUCCESS)


@admin.action(permissions=["publish"], description=_("撤回所選的會議（須填原因）"))
def withdraw_selected(modeladmin, request, queryset):
    try:
        changed = workflow.withdraw_meetings(
            meetings=queryset, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        modeladmin.message_user(request, " ".join(exc.messages), messages.ERROR)
        return
    modeladmin.message_user(request, gettext("已撤回 %(n)d 個會議。") % {"n": len(changed)}, messages.SUCCESS)


@admin.action(permissions=["view"], description=_("匯出所選的會議（CSV）"))
def export_csv(modeladmin, request, queryset):
    rows = workflow.meeting_csv_rows(workflow.meetings_for_export(queryset))
    body = "".join(exports.csv_lines(workflow.CSV_COLUMNS, rows))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meetings.csv"'
    return response


@admin.action(permissions=["view"], description=_("匯出所選的會議（JSON，抽取格式）"))
def export_json(modeladmin, request, queryset):
    document = workflow.extraction_document_from_meetings(workflow.meetings_for_export(queryset))
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="meetings.json"'
    return response


MEETING_ACTIONS = [publish_selected, withdraw_selected, export_csv, export_json, delete_selected]
