"""Forms of the staff admin: the meeting form (its change reason and layout), the action bars,
report import."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _

from minutes.models import Meeting
from minutes.word_files import WordFileError, docx_text
from minutes.workflow import REASON_MAX_LENGTH


class MeetingAdminForm(forms.ModelForm):
    """The meeting change form, plus the reason kept in the history for this edit."""

    change_reason = forms.CharField(
        label=_("修改原因"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text=_("記入修改歷史；修改已發佈的會議時必填。"),
    )

    class Meta:
        model = Meeting
        # The admin's fieldsets decide the fields actually shown; these are the editable ones.
        fields = (
            "name",
            "kind",
            "organizer",
            "status",
            "visibility",
            "year",
            "month",
            "day",
            "year_source",
            "date_text",
            "time_of_day",
            "start_time",
            "venue",
            "chair",
            "chair_label",
            "summary",
            "source_report",
            "source_spans",
            "locked_fields",
        )
        help_texts = {
            "year_source": _("不填年份即為「年份不詳」；填了年份而此處仍是「年份不詳」，存為「人工填寫」。"),
        }

    def clean(self):
        cleaned = super().clean()
        was_published = bool(self.instance.pk) and self.initial.get("status") == Meeting.Status.PUBLISHED
        if was_published and not (cleaned.get("change_reason") or "").strip():
            self.add_error("change_reason", _("這是已發佈的會議，請填寫修改原因。"))
        return cleaned


class MeetingActionForm(ActionForm):
    """The changelist's action bar, with a reason for withdrawals and a note for follow-up."""

    reason = forms.CharField(
        label=_("原因／說明"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text=_("撤回時必填"),
    )


class FollowUpActionForm(ActionForm):
    note = forms.CharField(label=_("落實說明"), required=False, max_length=500)


class ReportImportForm(forms.Form):
    """Paste a report or upload a .txt/.docx file; the parser turns it into draft meetings."""

    text = forms.CharField(
        label=_("報道文字"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100, "class": "report-text"}),
        help_text=_("貼上報道全文（含標題行）。一次可貼多篇，每篇以標題行開始。"),
    )
    file = forms.FileField(
        label=_("或上傳檔案"),
        required=False,
        help_text=_(".txt（UTF-8、GB18030、Big5）或 .docx"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,text/plain"}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        suffix = Path(upload.name).suffix.lower()
        if suffix not in {".txt", ".docx", ""}:
            raise forms.ValidationError(_("只接受 .txt 或 .docx 檔案。"))
        if upload.size > settings.MINUTES_MAX_REPORT_BYTES:
            raise forms.ValidationError(_("檔案太大。"))
        return upload

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("text") or "").strip()
        upload = cleaned.get("file")
        if not text and upload is None and not self.errors:
            raise forms.ValidationError(_("請貼上報道文字或上傳檔案。"))
        if text and upload is not None:
            raise forms.ValidationError(_("請只用一種方式：貼上文字或上傳檔案。"))
        return cleaned

    def source(self) -> tuple[str | None, bytes | None, str]:
        """``(text, data, filename)``: pasted text, or the uploaded bytes (a .docx as text)."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data["text"].replace("\r\n", "\n"), None, "pasted.txt"
        data = upload.read()
        if upload.name.lower().endswith(".docx"):
            try:
                return docx_text(data), None, Path(upload.name).name
            except WordFileError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return None, data, Path(upload.name).name


# The meeting change form's layout; the review section goes first while the meeting has flags.
MEETING_FIELDSETS = (
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
REVIEW_FIELDSET = (
    _("需要核對"),
    {
        "fields": ("review_panel",),
        "classes": ("review-needed",),
        "description": _(
            "匯入時以下內容是推定的。核對並改正後儲存，這些提示即清除（修改歷史記下是誰核對的）。"
        ),
    },
)
