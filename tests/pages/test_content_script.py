"""The archive's text follows the interface language (简体 shows it in Simplified) unless the reader
chose otherwise with the toggle; conversion is for display only and keeps the source marks."""

import re

import pytest
from django.urls import reverse

from minutes.chinese import to_simplified
from minutes.context_processors import SCRIPT_COOKIE
from minutes.models import Meeting
from people.models import Person

from .test_language import switch

TRADITIONAL = ["後勤幹部大會", "張邁曾", "後勤保障部"]
SIMPLIFIED = ["后勤干部大会", "张迈曾", "后勤保障部"]


def pages(archive):
    meeting = archive["meetings"][0]
    return {
        "meeting": meeting.get_absolute_url(),
        "person": Person.objects.get(name="張邁曾").get_absolute_url(),
        "unit": meeting.organizer.get_absolute_url() if meeting.organizer else reverse("orgunits:unit_list"),
        "units": reverse("orgunits:unit_list"),
        "people": reverse("people:person_list"),
        "list": reverse("minutes:meeting_list"),
        "search": reverse("search:results") + "?q=後勤幹部大會",
        "name search": reverse("search:results") + "?q=張邁曾",
    }


def content_of(html: str) -> str:
    """The page without its interface chrome (header, footer, hints that show names in both
    scripts) and tags: what the archive says."""
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r'<p class="hint"[^>]*>.*?</p>', "", main, flags=re.S)
    return re.sub(r"<[^>]+>", "", main)


def test_simplified_interface_shows_the_archive_in_simplified(client, archive):
    switch(client, "zh-hans")
    for name, url in pages(archive).items():
        text = content_of(client.get(url).content.decode())
        assert not [t for t in TRADITIONAL if t in text], name
        assert [s for s in SIMPLIFIED if s in text], name
    # Display only: the records keep their text.
    assert Meeting.objects.filter(name="後勤幹部大會").exists()


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_traditional_and_english_interfaces_show_the_archive_as_stored(client, archive, language):
    switch(client, language)
    for name, url in pages(archive).items():
        text = content_of(client.get(url).content.decode())
        assert not [s for s in SIMPLIFIED if s in text], name


def test_the_readers_choice_wins_and_follows_the_language_again_when_it_agrees(client, archive):
    url = archive["meetings"][0].get_absolute_url()
    switch(client, "zh-hans")
    client.post(reverse("minutes:set_script"), {"script": "as-stored", "next": url})
    assert client.cookies[SCRIPT_COOKIE].value == "as-stored"
    html = client.get(url).content.decode()
    assert "後勤幹部大會" in content_of(html)
    assert "以简体显示原文" in html  # the toggle offers the way back
    # Choosing what the interface gives forgets the choice: the text follows the language again.
    client.post(reverse("minutes:set_script"), {"script": "hans", "next": url})
    assert not client.cookies[SCRIPT_COOKIE].value
    assert "后勤干部大会" in content_of(client.get(url).content.decode())
    switch(client, "zh-hant")
    assert "後勤幹部大會" in content_of(client.get(url).content.decode())


def test_source_marks_keep_their_place_in_simplified(client, archive):
    meeting = archive["meetings"][0]
    plain = client.get(meeting.get_absolute_url()).content.decode()
    switch(client, "zh-hans")
    simplified = client.get(meeting.get_absolute_url()).content.decode()

    def source(html):
        return html[
            html.index('class="source__text"') : html.index("</div>", html.index('class="source__text"'))
        ]

    marks = re.compile(r"<mark[^>]*>")
    assert marks.findall(source(plain)) == marks.findall(source(simplified))
    # Each marked piece is the Simplified form of the same piece in the stored text.
    pieces = re.compile(r"<mark[^>]*>([^<]*)")
    assert [to_simplified(p) for p in pieces.findall(source(plain))] == pieces.findall(source(simplified))


def test_search_highlights_survive_conversion(client, archive):
    switch(client, "zh-hans")
    html = client.get(reverse("search:results"), {"q": "幹部大會"}).content.decode()
    assert "<mark>干部大会</mark>" in html
    assert "&lt;mark&gt;" not in html


def test_unit_dropdown_and_name_suggestions_follow_the_script(client, archive):
    switch(client, "zh-hans")
    html = client.get(reverse("minutes:meeting_list")).content.decode()
    assert ">后勤保障部</option>" in html
    suggestions = client.get(reverse("search:people_autocomplete"), {"q": "zmz"}).json()
    assert suggestions and suggestions[0]["name"] == "张迈曾"


def test_simplified_interface_uses_mainland_words(client, archive):
    switch(client, "zh-hans")
    html = client.get(reverse("minutes:home")).content.decode()
    assert "界面语言" in html and "介面" not in html
    assert "工作人员登录" in html and "登入" not in html
