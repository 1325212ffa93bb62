"""The English interface speaks English around the archive's text: no Chinese interface words, no
full-width punctuation, dates written the English way.

The archive here is written without any punctuation or date characters, so every Chinese
character on a page must come from a stored record and every full-width mark from the interface.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from minutes.models import Attendance
from search.indexing import reindex_meetings
from tests import factories as f

from .test_language import switch

FULL_WIDTH = re.compile(r"[，。：；（）「」『』、！？《》【】]")
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


@pytest.fixture
def plain_archive(db):
    school = f.OrgUnitFactory(name="東北大學", kind="university")
    unit = f.OrgUnitFactory(name="後勤保障部", kind="department", parent=school)
    f.OrgUnitAliasFactory(unit=unit, alias="保障部")
    chair = f.PersonFactory(name="張邁曾")
    speaker = f.PersonFactory(name="李繼平")
    f.PostFactory(person=speaker, title="部長", unit=unit, start_date=datetime.date(2023, 7, 14))
    meeting = f.MeetingFactory(
        name="後勤幹部大會", day=14, date_text="", venue="科學館", chair=chair, organizer=unit
    )
    f.AttendanceFactory(meeting=meeting, person=chair, role="書記", category=Attendance.Category.CHAIRED)
    f.AttendanceFactory(meeting=meeting, person=speaker, role="部長", unit=unit)
    f.SpeechFactory(meeting=meeting, person=speaker, speaker_title="部長", text="要認真學習後勤改革方案")
    f.DirectiveFactory(meeting=meeting, issuer=chair, text="嚴格要求自己")
    f.DecisionFactory(meeting=meeting, title="關於表彰先進的決定", read_by=speaker)
    f.AppointmentFactory(meeting=meeting, person=speaker, post="部長", unit=unit, announced_by=chair)
    f.TaskFactory(
        meeting=meeting,
        text="宿舍維修",
        due_text="盡快",
        due_date=datetime.date(2023, 8, 31),
        owner_unit=unit,
    )
    reindex_meetings([meeting.pk])
    return {"meeting": meeting, "chair": chair, "unit": unit}


def stored_text() -> str:
    """Every string the archive holds, to tell the archive's words from the interface's."""
    values = []
    # The search index's rows count as the archive's: it words some (任命…為…, a speaker's post in
    # brackets) from the records.
    for app in ("minutes", "people", "orgunits", "search"):
        for model in apps.get_app_config(app).get_models():
            names = [
                fld.name
                for fld in model._meta.concrete_fields
                if isinstance(fld, models.CharField | models.TextField)
            ]
            if not names:
                continue
            for row in model.objects.values_list(*names):
                values += [v for v in row if v]
    return "\n".join(values)


def page_text(html: str) -> str:
    """What a reader sees, tags gone, minus: the language chooser (each language in its own name),
    the search hits (rows of the search index, which words some in Chinese: 李繼平（部長）) and the
    Chinese dates the search hints give as examples of what may be typed."""
    html = re.sub(r'<select id="lang-select".*?</select>', "", html, flags=re.S)
    html = re.sub(r'<ol class="item-list search-hits">.*?</ol>', "", html, flags=re.S)
    html = re.sub(r"(2023年)?7月(19日)?", "", html)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    body = html[html.index("<body") :]
    return re.sub(r"<[^>]+>", " ", body)


def test_english_pages_have_no_chinese_interface_text_or_punctuation(client, plain_archive):
    archive = plain_archive
    switch(client, "en")
    urls = [
        reverse("minutes:home"),
        reverse("minutes:meeting_list"),
        archive["meeting"].get_absolute_url(),
        reverse("minutes:meeting_archive"),
        reverse("minutes:meeting_year", args=[2023]),
        reverse("minutes:meeting_month", args=[2023, 7]),
        reverse("people:person_list"),
        archive["chair"].get_absolute_url(),
        reverse("orgunits:unit_list"),
        archive["unit"].get_absolute_url(),
        reverse("search:results") + "?q=後勤",
        reverse("search:results") + "?q=張邁曾",
        reverse("search:results") + "?q=無此詞語",
    ]
    corpus = stored_text() + "\n無此詞語"  # the query, echoed
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = page_text(response.content.decode())
        problems += [
            f"{url}: {m.group()!r} in {text[max(0, m.start() - 20) : m.end() + 5]!r}"
            for m in FULL_WIDTH.finditer(text)
        ]
        problems += [
            f"{url}: {run!r} is not the archive's" for run in HAN_RUN.findall(text) if run not in corpus
        ]
    assert problems == [], "\n".join(problems)


def test_english_dates_and_days(client, plain_archive):
    switch(client, "en")
    detail = page_text(client.get(plain_archive["meeting"].get_absolute_url()).content.decode())
    assert "14 Jul 2023" in detail and "31 Aug 2023" in detail
    year = page_text(client.get(reverse("minutes:meeting_year", args=[2023])).content.decode())
    assert re.search(r"\b14\s+後勤幹部大會", year) and "14Day" not in year
    search = client.get(reverse("search:results"), {"q": "後勤"}).content.decode()
    assert "14 Jul 2023" in search and "2023年7月14日" not in search


def test_chinese_interfaces_keep_chinese_punctuation(client, plain_archive):
    html = client.get(plain_archive["meeting"].get_absolute_url()).content.decode()
    assert "地點" in html and "2023年7月14日" in html
    assert "（書記）" in html  # a role in brackets, the Chinese way
