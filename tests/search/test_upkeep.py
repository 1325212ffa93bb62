"""The index follows the records: signals in the same transaction, reindex after bulk writes,
rebuild equal to incremental upkeep, and drift detection."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from minutes.models import Meeting, Speech
from search.indexing import check_index, rebuild_index, reindex_meeting, remove_meeting
from search.models import SearchEntry
from search.query import search
from search.text import CHUNK_CHARS
from tests import factories as f


def speech_hits(q, **kwargs):
    return [h.entry.object_id for h in search(q, kinds=["speech"], limit=100, **kwargs).hits]


def snapshot():
    return sorted(
        SearchEntry.objects.values_list(
            "kind",
            "object_id",
            "part",
            "meeting_id",
            "rank",
            "visibility",
            "sort_key",
            "label",
            "text",
            "bigrams",
        )
    )


@pytest.mark.django_db(transaction=True)
def test_create_edit_delete_update_the_index_inside_the_transaction():
    meeting = f.MeetingFactory()
    with transaction.atomic():
        speech = f.SpeechFactory(meeting=meeting, text="宿舍維修改造要抓緊。")
        assert speech_hits("宿舍维修") == [speech.pk]  # visible before commit, in the same transaction
        speech.text = "食堂衛生要抓緊。"
        speech.save()
        assert speech_hits("宿舍维修") == []
        assert speech_hits("食堂") == [speech.pk]
    speech.delete()
    assert speech_hits("食堂") == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_edit_leaves_the_index_as_it_was():
    speech = f.SpeechFactory(text="宿舍維修改造要抓緊。")
    with pytest.raises(RuntimeError), transaction.atomic():
        speech.text = "食堂衛生要抓緊。"
        speech.save()
        raise RuntimeError
    assert speech_hits("宿舍") == [speech.pk]
    assert speech_hits("食堂") == []


def test_publishing_and_withdrawing_a_meeting_updates_its_rows(db):
    meeting = f.MeetingFactory(status=Meeting.Status.DRAFT)
    speech = f.SpeechFactory(meeting=meeting, text="宿舍維修改造")
    assert speech_hits("宿舍") == []
    meeting.status = Meeting.Status.PUBLISHED
    meeting.save()
    assert speech_hits("宿舍") == [speech.pk]
    meeting.visibility = Meeting.Visibility.INTERNAL
    meeting.save()
    assert speech_hits("宿舍") == []
    assert not check_index()


def test_deleting_a_meeting_removes_all_its_rows(db):
    meeting = f.MeetingFactory()
    f.SpeechFactory(meeting=meeting)
    f.DirectiveFactory(meeting=meeting)
    f.AttendanceFactory(meeting=meeting)
    pk = meeting.pk
    assert SearchEntry.objects.filter(meeting_id=pk).count() >= 3
    meeting.delete()
    assert not SearchEntry.objects.filter(meeting_id=pk).exists()
    assert not check_index()


def test_importer_path_bulk_create_then_reindex_meeting(db):
    meeting = f.MeetingFactory()
    person = f.PersonFactory()
    Speech.objects.bulk_create([Speech(meeting=meeting, order=1, person=person, text="新學期保障工作")])
    assert speech_hits("新学期") == []  # bulk_create sends no signals
    assert check_index().missing
    assert reindex_meeting(meeting) >= 2
    assert len(speech_hits("新学期")) == 1
    assert not check_index()
    remove_meeting(meeting.pk)
    assert speech_hits("新学期") == []


def test_attendance_alias_and_renames_reach_the_rows_that_copy_them(db):
    meeting = f.MeetingFactory(name="後勤工作會議")
    person = f.PersonFactory(name="李繼平")
    f.AttendanceFactory(meeting=meeting, person=person)
    assert [h.entry.object_id for h in search("李繼平", kinds=["meeting"]).hits] == [meeting.pk]
    f.SpeechFactory(meeting=meeting, person=person, speaker_label="", text="講紀律")
    person.name = "李繼萍"
    person.save()
    assert search("李繼平").total == 0
    assert [h.entry.object_id for h in search("李繼萍", kinds=["meeting"]).hits] == [meeting.pk]
    assert search("李繼萍 紀律").counts == {"speech": 1}
    unit = f.OrgUnitFactory(name="後勤保障部")
    f.OrgUnitAliasFactory(unit=unit, alias="保障部")
    f.TaskFactory(meeting=meeting, owner_unit=unit)  # a unit is found once a public meeting names it
    assert {h.entry.object_id for h in search("保障部", kinds=["unit"]).hits} == {unit.pk}
    assert not check_index()


def test_long_speeches_are_chunked_and_their_end_is_found(db):
    filler = "各單位要認真落實後勤工作的各項要求。" * 1500  # ~27,000 characters
    speech = f.SpeechFactory(text=filler + "最後請甄岑同志總結。")
    parts = SearchEntry.objects.filter(kind="speech", object_id=speech.pk)
    assert parts.count() > 1
    assert all(len(p.text) <= CHUNK_CHARS + 20 for p in parts)
    assert speech_hits("甄岑") == [speech.pk]


def test_rebuild_equals_incremental_upkeep(db):
    meeting = f.MeetingFactory(summary="會議摘要：宿舍")
    f.SpeechFactory(meeting=meeting)
    f.DirectiveFactory(meeting=meeting)
    f.TaskFactory(meeting=meeting)
    f.DecisionFactory(meeting=meeting)
    f.AppointmentFactory(meeting=meeting)
    f.AttendanceFactory(meeting=meeting)
    f.OrgUnitAliasFactory()
    incremental = snapshot()
    counts = rebuild_index()
    assert snapshot() == incremental
    assert sum(counts.values()) == len(incremental)


def test_check_command_reports_drift(db):
    speech = f.SpeechFactory(text="宿舍維修改造")
    call_command("check_search_index")  # clean: no error
    SearchEntry.objects.filter(kind="speech", object_id=speech.pk).update(text="篡改")
    with pytest.raises(CommandError, match="1 stale"):
        call_command("check_search_index")
    SearchEntry.objects.filter(kind="speech", object_id=speech.pk).delete()
    with pytest.raises(CommandError, match="missing"):
        call_command("check_search_index")
    call_command("rebuild_search_index")
    call_command("check_search_index")
    SearchEntry.objects.create(
        kind="speech", object_id=987654, part=1, visibility=2, text="x", text_folded="x", bigrams="x"
    )
    with pytest.raises(CommandError, match="1 orphaned"):
        call_command("check_search_index")
