"""The admin's "new meeting from report text": paste or upload a report, get a draft to review.

The same parser and importing service as ``manage.py import_reports`` do the work; this view only
reads the form, shows the parser's warnings as messages and opens the draft's change form.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from minutes.admin.forms import ReportImportForm
from minutes.models import ImportBatch, Meeting

MAX_WARNINGS_SHOWN = 30


def import_report_view(request, model_admin):
    """GET: the form. POST: parse, import as drafts, then open the (first) draft's change form.

    Every upload is recorded as an import batch; a large one is queued and runs outside the
    request (``minutes.import_batches``), and the batch's progress page is shown instead.
    """
    from minutes import import_batches
    from minutes.importing import import_parsed_file
    from minutes.parsing import parse_bytes, parse_text
    from minutes.parsing.errors import ReportInputError

    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ReportImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text, data, filename = form.source()
            if import_batches.runs_in_background(text, data, filename):
                batch = import_batches.queue_upload(
                    user=request.user,
                    file_name=filename,
                    data=data if data is not None else text.encode("utf-8"),
                )
                return HttpResponseRedirect(reverse("admin:minutes_importbatch_progress", args=[batch.pk]))
            parsed = parse_text(text, filename) if text is not None else parse_bytes(data, filename)
        except (ReportInputError, forms.ValidationError) as exc:
            form.add_error(None, getattr(exc, "message", None) or str(exc))
        else:
            result = import_parsed_file(parsed, status=Meeting.Status.DRAFT, user=request.user)
            batch = import_batches.record_result(result, user=request.user, file_name=filename)
            if result.error:
                form.add_error(None, result.error)
                _show_warnings(request, _parser_warnings(parsed))
            else:
                return _after_import(request, result, batch)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("新增會議（由報道文字）"),
        "form": form,
        "opts": Meeting._meta,
        "has_view_permission": model_admin.has_view_permission(request),
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/minutes/meeting/from_text.html", context)


def import_batch_progress_view(request, model_admin, object_id):
    """A batch's counts and progress; refreshes itself while the batch is queued or running."""
    batch = model_admin.get_object(request, object_id)
    if batch is None or not model_admin.has_view_permission(request, batch):
        raise Http404
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("匯入進度：%(name)s") % {"name": batch.file_name},
        "batch": batch,
        "opts": ImportBatch._meta,
        "meetings_url": reverse("admin:minutes_meeting_changelist") + f"?import_batch={batch.pk}",
        "percent": (100 * batch.reports_done // batch.reports_total) if batch.reports_total else 0,
        "message_lines": batch.messages.splitlines(),
    }
    return TemplateResponse(request, "admin/minutes/importbatch/progress.html", context)


def _parser_warnings(parsed) -> list[str]:
    # The file's list already includes its reports' warnings, prefixed with the file name.
    return list(parsed.warnings) or [w for report in parsed.reports for w in report.warnings]


def _show_warnings(request, warnings: list[str]) -> None:
    for warning in warnings[:MAX_WARNINGS_SHOWN]:
        messages.warning(request, warning)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        messages.warning(request, _("另有 %(n)d 條警告未列出。") % {"n": len(warnings) - MAX_WARNINGS_SHOWN})


def _after_import(request, result, batch):
    _show_warnings(request, list(result.warnings))
    meetings = list(result.meetings)
    if not meetings and result.unchanged:
        existing = list(
            Meeting.objects.filter(source_report_id__in=result.unchanged).values_list("pk", flat=True)
        )
        messages.info(request, _("這篇報道已經匯入過，沒有新增記錄。"))
        return _open(existing, batch)
    if not meetings:
        messages.error(request, _("未能從文字中辨認出會議。"))
        return HttpResponseRedirect(reverse("admin:minutes_meeting_from_text"))
    messages.success(
        request,
        _("已建立 %(n)d 個草稿會議；請核對後發佈。") % {"n": len(meetings)},
    )
    return _open([m.pk for m in meetings], batch)


def _open(pks: list[int], batch):
    if len(pks) == 1:
        return HttpResponseRedirect(reverse("admin:minutes_meeting_change", args=[pks[0]]))
    # The batch, not the ids: a list of ids made URLs of thousands of characters.
    url = reverse("admin:minutes_meeting_changelist")
    return HttpResponseRedirect(f"{url}?{urlencode({'import_batch': batch.pk})}")


def from_text_url(model_admin):
    """The URL of "new meeting from report text" under the meeting admin."""
    return path(
        "from-text/",
        model_admin.admin_site.admin_view(lambda request: import_report_view(request, model_admin)),
        name="minutes_meeting_from_text",
    )


def batch_progress_url(model_admin):
    """The URL of a batch's progress page under the import batch admin."""
    return path(
        "<path:object_id>/progress/",
        model_admin.admin_site.admin_view(
            lambda request, object_id: import_batch_progress_view(request, model_admin, object_id)
        ),
        name="minutes_importbatch_progress",
    )
