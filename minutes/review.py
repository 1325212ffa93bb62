"""Review flags: where the importer guessed, kept on the meeting until staff have checked it.

The parser records its guesses on each report (``minutes.parsing.model.REVIEW_CODES``); the
writer adds its own (``WRITER_CODES``). ``Meeting.review_flags`` stores them as a list of
``{"code", "field", "detail"}`` (``validate_review_flags``); the admin words each one for staff
(``describe``), lists flagged meetings under 需要核對, and a save of the meeting in the admin
clears them (the meeting's history keeps who did).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minutes.parsing.model import (
    REVIEW_CODES,
    REVIEW_DATE_REPAIRED,
    REVIEW_NO_DATE,
    REVIEW_NUMBERING_BROKEN,
    REVIEW_SPEAKER_UNMATCHED,
    REVIEW_YEAR_INFERRED,
    ReviewFlag,
)

# The writer's own guesses: a name it did not find in the archive and created.
UNIT_UNKNOWN = "unit_unknown"
SPEAKER_UNKNOWN = "speaker_unknown"
WRITER_CODES = (UNIT_UNKNOWN, SPEAKER_UNKNOWN)
CODES = (*REVIEW_CODES, *WRITER_CODES)

# The history's change reason of an admin save that cleared flags, when staff gave none.
REVIEWED_REASON = "已核對匯入推定的內容"

FIELD_MAX_LENGTH = 100
DETAIL_MAX_LENGTH = 200
_KEYS = {"code", "field", "detail"}
_SPEECH_FIELD = re.compile(r"^speeches\[(\d+)\]$")

# What each code means to staff: what was guessed and what to check. ``%(detail)s`` is the text
# concerned; the no-detail wording is used when the parser had none.
_WORDING = {
    REVIEW_YEAR_INFERRED: _("年份由標題、落款或會議名稱推定（%(detail)s），原文日期未寫年份，請核對年份。"),
    REVIEW_DATE_REPAIRED: _("原文日期有誤（「%(detail)s」），已推測讀作%(date)s，請與原文核對年、月、日。"),
    REVIEW_NO_DATE: _("原文未寫明會議日期（只寫「%(detail)s」），請查明後補填。"),
    REVIEW_SPEAKER_UNMATCHED: _(
        "第 %(number)s 段發言的發言人「%(detail)s」未能對應到人員或單位，請在發言中選擇發言人或單位。"
    ),
    REVIEW_NUMBERING_BROKEN: _("要求的編號不連續（%(detail)s），可能漏抽或多抽了一條，請與原文核對。"),
    UNIT_UNKNOWN: _("單位「%(detail)s」原本不在檔案庫中，匯入時新建；請核對名稱，若與既有單位相同請合併。"),
    SPEAKER_UNKNOWN: _("發言人「%(detail)s」原本不在檔案庫中，匯入時新建為人員；請核對姓名是否抽取正確。"),
}
_WORDING_NO_DETAIL = {
    REVIEW_NO_DATE: _("原文未寫明會議日期，請查明後補填。"),
    REVIEW_DATE_REPAIRED: _("原文日期有誤，已推測讀作%(date)s，請與原文核對年、月、日。"),
}


def review_flag(code: str, field: str, detail: str | None = None) -> dict:
    """One stored flag, its texts cut to the lengths ``validate_review_flags`` allows."""
    detail = (detail or "").strip()[:DETAIL_MAX_LENGTH] or None
    return {"code": code, "field": field[:FIELD_MAX_LENGTH], "detail": detail}


def from_parsed(flags: Iterable[ReviewFlag]) -> list[dict]:
    """The parser's flags of one report as stored flags (codes it does not know are dropped)."""
    return [review_flag(f.code, f.field, f.detail) for f in flags if f.code in REVIEW_CODES]


def validate_review_flags(value) -> None:
    """A list of ``{"code": one of CODES, "field": text, "detail": text or null}``."""
    if not isinstance(value, list):
        raise ValidationError(_("核對事項須為清單。"), code="invalid")
    for item in value:
        if (
            not isinstance(item, dict)
            or set(item) != _KEYS
            or item["code"] not in CODES
            or not isinstance(item["field"], str)
            or not 0 < len(item["field"]) <= FIELD_MAX_LENGTH
            or not (item["detail"] is None or isinstance(item["detail"], str))
            or len(item["detail"] or "") > DETAIL_MAX_LENGTH
        ):
            raise ValidationError(
                _("核對事項格式不符：%(item)s"), code="invalid", params={"item": repr(item)[:200]}
            )


def describe(flag: dict, meeting=None) -> str:
    """A stored flag worded for staff in the active language: what was guessed, what to check."""
    code, detail = flag.get("code"), flag.get("detail")
    wording = _WORDING.get(code) if detail else _WORDING_NO_DETAIL.get(code, _WORDING.get(code))
    if wording is None:
        return gettext("需要核對：%(code)s（%(field)s）") % {"code": code, "field": flag.get("field")}
    from minutes.templatetags.minutes_tags import cn_date  # (templatetags load after the models)

    speech = _SPEECH_FIELD.match(flag.get("field") or "")
    return str(wording) % {
        "detail": detail or "",
        "date": (cn_date(meeting) if meeting is not None else "") or gettext("（日期不詳）"),
        "number": int(speech.group(1)) + 1 if speech else "?",
    }
