"""A joint statement (``A、B、C三位同志分別作了表態發言``) is one speech per speaker in the archive and
one statement with its speakers on the meeting page."""

import re

import pytest

from minutes.importing import import_report_text
from minutes.models import Meeting, Speech
from tests import factories as f

pytestmark = pytest.mark.django_db

JOINT = "程建設、張西亞、柴渭三位同志分別作了表態發言。他們談到，要倍加珍惜，努力推動後勤改革的深化落實。"
REPORT = (
    "幹部大會\n2024年1月14日下午，學校在科學館207召開後勤幹部大會。會議由校黨委書記張邁曾主持。\n"
    f"{JOINT}\n張邁曾書記代表學校黨委慰問大家，希望大家用後勤工作的好成績為學校發展夯實基礎。\n"
)


def speeches_on_page(client, meeting) -> list[str]:
    """The markup of each item of the page's speech list."""
    html = client.get(meeting.get_absolute_url()).content.decode()
    listed = html.split('<ol class="speeches">', 1)[1].split("</ol>", 1)[0]
    return listed.split('<li class="speech')[1:]


def speakers(item: str) -> list[str]:
    names = re.findall(r'<span class="speech__speaker">(.*?)</span>', item)
    return [re.sub(r"<[^>]+>", "", name) for name in names]


def test_a_joint_statement_is_shown_once_with_its_speakers(client):
    import_report_text(REPORT, status=Meeting.Status.PUBLISHED)
    meeting = Meeting.objects.get()
    stored = list(meeting.speeches.filter(kind=Speech.Kind.STATEMENT).order_by("order"))
    assert [s.person.name for s in stored] == ["程建設", "張西亞", "柴渭"]
    items = speeches_on_page(client, meeting)
    joint = [item for item in items if len(speakers(item)) > 1]
    assert len(joint) == 1
    assert speakers(joint[0]) == ["程建設", "張西亞", "柴渭"]
    assert joint[0].count("倍加珍惜") == 1
    # each speaker's own anchor (their page and search link to it) still lands on the statement
    for speech in stored:
        assert f'id="speech-{speech.pk}"' in joint[0]


def test_different_words_stay_separate_speeches(client):
    meeting = f.MeetingFactory()
    f.SpeechFactory(meeting=meeting, kind=Speech.Kind.STATEMENT, text="表示將認真履職。")
    f.SpeechFactory(meeting=meeting, kind=Speech.Kind.STATEMENT, text="表示將團結協作。")
    # the same words in another kind (an opening, then a closing) are two turns too
    f.SpeechFactory(meeting=meeting, kind=Speech.Kind.OPENING, text="歡迎大家。")
    f.SpeechFactory(meeting=meeting, kind=Speech.Kind.CLOSING, text="歡迎大家。")
    items = speeches_on_page(client, meeting)
    assert [len(speakers(item)) for item in items] == [1, 1, 1, 1]
