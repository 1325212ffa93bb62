"""The admin's "new meeting from report text": paste or upload a report, get a draft to review.

The same parser and importing service as ``manage.py import_reports`` do the work; this view only
reads the form, shows the parser's warnings as messages and opens the draft's change form.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from minutes.admin_forms import ReportImportForm
from minutes.models import Meeting

MAX_WARNINGS_SHOWN = 30


def _parse(form: ReportImportForm):
    from minutes.parsing import parse_bytes, parse_text

    text, data, filename = form.source()
    if text is not None:
        return parse_text(text, filename)
    return parse_bytes(data, filename)


def import_report_view(request, model_admin):
    """GET: the form. POST: parse, import as drafts, then open the (first) draft's change form."""
    from minutes.importing import import_parsed_file
    from minutes.parsing.errors import ReportInputError

    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ReportImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            parsed = _parse(form)
        except (ReportInputError, forms.ValidationError) as exc:
            form.add_error(None, getattr(exc, "message", None) or str(exc))
        else:
            result = import_parsed_file(parsed, status=Meeting.Status.DRAFT, user=request.user)
            if result.error:
                form.add_error(None, result.error)
                _show_warnings(request, _parser_warnings(parsed))
            else:
                return _after_import(request, result)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("新增會議（由報道文字）"),
        "form": form,
        "opts": Meeting._meta,
        "has_view_permission": model_admin.has_view_permission(request),
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/minutes/meeting/from_text.html", context)


def _parser_warnings(parsed) -> list[str]:
    # The file's list already includes its reports' warnings, prefixed with the file name.
    return list(parsed.warnings) or [w for report in parsed.reports for w in report.warnings]


def _show_warnings(request, warnings: list[str]) -> None:
    for warning in warnings[:MAX_WARNINGS_SHOWN]:
        messages.warning(request, warning)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        messages.warning(request, _("另有 %(n)d 條警告未列出。") % {"n": len(warnings) - MAX_WARNINGS_SHOWN})


def _after_import(request, result):
    _show_warnings(request, list(result.warnings))
    meetings = list(result.meetings)
    if not meetings and result.unchanged:
        existing = list(
            Meeting.objects.filter(source_report_id__in=result.unchanged).values_list("pk", flat=True)
        )
        messages.info(request, _("這篇報道已經匯入過，沒有新增記錄。"))
        return _open(existing)
    if not meetings:
        messages.error(request, _("未能從文字中辨認出會議。"))
        return HttpResponseRedirect(reverse("admin:minutes_meeting_from_text"))
    messages.success(
        request,
        _("已建立 %(n)d 個草稿會議；請核對後發佈。") % {"n": len(meetings)},
    )
    return _open([m.pk for m in meetings])


def _open(pks: list[int]):
    if len(pks) == 1:
        return HttpResponseRedirect(reverse("admin:minutes_meeting_change", args=[pks[0]]))
    url = reverse("admin:minutes_meeting_changelist")
    return HttpResponseRedirect(f"{url}?{urlencode({'id__in': ','.join(map(str, pks))})}")
