"""Report text is always escaped; the reader's script preference changes display, never storage."""

from django.urls import reverse

from minutes.highlighting import Span, mark_source
from minutes.models import Meeting, Speech
from tests import factories as f

ATTACKS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def test_report_text_is_escaped_in_detail_and_source_panel(client, db):
    text = "會議紀要\n" + ATTACKS[0] + "張書記講話。" + ATTACKS[1] + "\n完"
    report = f.SourceReportFactory(text=text)
    meeting = f.MeetingFactory(name="測試" + ATTACKS[1], source_report=report, venue=ATTACKS[0])
    start = text.index(ATTACKS[0])
    f.SpeechFactory(
        meeting=meeting,
        order=1,
        text=ATTACKS[0] + ATTACKS[1],
        speaker_label=ATTACKS[1],
        span_start=start,
        span_end=text.index("\n完"),
    )
    f.DirectiveFactory(
        meeting=meeting,
        text=ATTACKS[1],
        issuer_label=ATTACKS[0],
        span_start=text.index(ATTACKS[1]),
        span_end=text.index(ATTACKS[1]) + len(ATTACKS[1]),
    )
    html = client.get(meeting.get_absolute_url()).content.decode()
    for attack in ATTACKS:
        assert attack not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    for url in [reverse("minutes:meeting_list"), reverse("minutes:home")]:
        page = client.get(url).content.decode()
        assert "<img src=x" not in page and "<script>alert" not in page


def test_marks_nest_and_cross_without_breaking_html():
    text = "甲乙丙丁戊己庚辛"
    html = mark_source(
        text,
        [
            Span(0, 8, "src-speech-1", "speech"),
            Span(2, 4, "src-directive-1", "directive"),
            Span(3, 6, "src-task-1", "task"),
            Span(50, 60, "src-task-2", "task"),
            Span(5, 5, "src-task-3", "task"),
        ],
    )
    assert html.count("<mark") == html.count("</mark>")
    for anchor in ["src-speech-1", "src-directive-1", "src-task-1"]:
        assert html.count(f'id="{anchor}"') == 1
    assert "src-task-2" not in html and "src-task-3" not in html  # out of range / empty
    # Removing the tags gives back the text.
    import re

    assert re.sub(r"<[^>]+>", "", html) == text
    # Crossing span: the task is closed inside the directive and reopened after it.
    assert html.index('id="src-directive-1"') < html.index('id="src-task-1"')


def test_marks_escape_text_between_them():
    html = mark_source("<b>a</b>", [Span(3, 4, "src-speech-1", "speech")])
    assert (
        html
        == '&lt;b&gt;<mark id="src-speech-1" class="src src-speech" data-src="src-speech-1">a</mark>&lt;/b&gt;'
    )


def test_simplified_toggle_converts_display_not_storage(client, archive):
    m1 = archive["meetings"][0]
    assert "後勤幹部大會" in client.get(m1.get_absolute_url()).content.decode()
    response = client.post(reverse("minutes:set_script"), {"script": "hans", "next": m1.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == m1.get_absolute_url()
    html = client.get(m1.get_absolute_url()).content.decode()
    assert "后勤干部大会" in html
    assert "认真学习后勤改革方案" in html  # source panel and directives too
    assert "以原文字體顯示" in html
    assert Meeting.objects.get(pk=m1.pk).name == "後勤幹部大會"
    assert Speech.objects.filter(text__contains="後勤").exists()
    client.post(reverse("minutes:set_script"), {"script": "as-stored", "next": "/"})
    assert "後勤幹部大會" in client.get(m1.get_absolute_url()).content.decode()


def test_script_toggle_refuses_offsite_redirects(client, db):
    response = client.post(reverse("minutes:set_script"), {"script": "hans", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_pages_carry_no_inline_script(client, archive):
    html = client.get(archive["meetings"][0].get_absolute_url()).content.decode()
    assert "<script>" not in html
    assert "onclick" not in html
    assert '<script src="/static/js/app.js" defer></script>' in html
