"""Follow-up across meetings: links between a directive or task and the earlier one it follows
up, the chain shown on an item's page, the importer's suggestions and staff's decisions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from minutes import workflow
from minutes.link_suggestions import decide, refers_back, similarity, suggest_follow_ups
from minutes.models import FollowUp, FollowUpLink, Meeting
from tests import factories


def item_url(item) -> str:
    kind = "task" if hasattr(item, "owner_unit_id") else "directive"
    return reverse(f"minutes:follow_up_{kind}", args=[item.pk])


def chain_texts(response) -> list[str]:
    return [linked.record.text for linked in response.context["chain"]]


@pytest.fixture
def unit(db):
    return factories.OrgUnitFactory(name="後勤保障部")


def meeting_on(month, unit=None, **extra):
    return factories.MeetingFactory(year=2024, month=month, day=1, organizer=unit, **extra)


def test_an_items_page_shows_its_chain_oldest_first(client, unit):
    first = factories.TaskFactory(meeting=meeting_on(1, unit), owner_unit=unit, text="宿舍維修改造")
    second = factories.TaskFactory(meeting=meeting_on(4, unit), owner_unit=unit, text="繼續宿舍維修改造")
    third = factories.DirectiveFactory(meeting=meeting_on(7, unit), text="落實上次會議的宿舍改造")
    FollowUpLink.objects.create(later_task=second, earlier_task=first)
    FollowUpLink.objects.create(later_directive=third, earlier_task=second)
    for item in (first, second, third):
        response = client.get(item_url(item))
        assert response.status_code == 200
        assert chain_texts(response) == ["宿舍維修改造", "繼續宿舍維修改造", "落實上次會議的宿舍改造"]
    assert "2024年1月1日" in client.get(item_url(third)).text


def test_only_accepted_links_make_a_chain(client, unit):
    first = factories.TaskFactory(meeting=meeting_on(1, unit), text="甲")
    second = factories.TaskFactory(meeting=meeting_on(2, unit), text="乙")
    third = factories.TaskFactory(meeting=meeting_on(3, unit), text="丙")
    FollowUpLink.objects.create(later_task=second, earlier_task=first, state=FollowUpLink.State.SUGGESTED)
    FollowUpLink.objects.create(later_task=third, earlier_task=first, state=FollowUpLink.State.REJECTED)
    response = client.get(item_url(first))
    assert chain_texts(response) == ["甲"]
    assert "沒有與其他會議的事項相連" in response.text


def test_a_hidden_item_neither_shows_nor_connects(client, unit):
    first = factories.TaskFactory(meeting=meeting_on(1, unit), text="公開的起點")
    hidden = factories.TaskFactory(meeting=meeting_on(2, unit, status=Meeting.Status.DRAFT), text="草稿中間")
    last = factories.TaskFactory(meeting=meeting_on(3, unit), text="公開的後續")
    FollowUpLink.objects.create(later_task=hidden, earlier_task=first)
    FollowUpLink.objects.create(later_task=last, earlier_task=hidden)
    assert chain_texts(client.get(item_url(first))) == ["公開的起點"]
    assert chain_texts(client.get(item_url(last))) == ["公開的後續"]
    assert client.get(item_url(hidden)).status_code == 404


def test_unknown_item_is_404(client, db):
    assert client.get(reverse("minutes:follow_up_task", args=[999999])).status_code == 404


def test_state_changes_are_listed_from_the_history(client, unit):
    task = factories.TaskFactory(meeting=meeting_on(1, unit), text="食堂改造")
    workflow.update_follow_up(
        items=Meeting.objects.none() or [task], status=FollowUp.IN_PROGRESS, note="已招標"
    )
    task.refresh_from_db()
    workflow.update_follow_up(items=[task], status=FollowUp.DONE, note="已驗收")
    changes = client.get(item_url(task)).context["changes"]
    assert [(c["status"], c["note"]) for c in changes] == [
        ("未落實", ""),
        ("落實中", "已招標"),
        ("已完成", "已驗收"),
    ]


def test_the_chains_queries_do_not_grow_with_its_length(client, unit, django_assert_max_num_queries):
    previous = factories.TaskFactory(meeting=meeting_on(1, unit), text="起點")
    start = previous
    for month in range(2, 8):
        task = factories.TaskFactory(meeting=meeting_on(month, unit), text=f"第{month}月")
        FollowUpLink.objects.create(later_task=task, earlier_task=previous)
        previous = task
    # One walk step per link here (a straight line): bounded by the chain's cap, not the archive.
    with django_assert_max_num_queries(30):
        response = client.get(item_url(start))
    assert len(chain_texts(response)) == 7


class TestLinkRules:
    def test_one_item_at_each_end(self, unit):
        task = factories.TaskFactory(meeting=meeting_on(1, unit))
        directive = factories.DirectiveFactory(meeting=meeting_on(1, unit))
        with pytest.raises(IntegrityError), transaction.atomic():
            FollowUpLink.objects.create(later_task=task, later_directive=directive, earlier_task=task)
        with pytest.raises(IntegrityError), transaction.atomic():
            FollowUpLink.objects.create(later_task=task)

    def test_not_itself_and_not_a_later_meeting_in_words(self, unit):
        early = factories.TaskFactory(meeting=meeting_on(1, unit))
        late = factories.TaskFactory(meeting=meeting_on(5, unit))
        with pytest.raises(ValidationError, match="不能跟進它自己"):
            FollowUpLink(later_task=early, earlier_task=early).full_clean()
        with pytest.raises(ValidationError, match="同一天或更早"):
            FollowUpLink(later_task=early, earlier_task=late).full_clean()
        FollowUpLink(later_task=late, earlier_task=early).full_clean()

    def test_a_pair_is_linked_once(self, unit):
        early = factories.TaskFactory(meeting=meeting_on(1, unit))
        late = factories.TaskFactory(meeting=meeting_on(5, unit))
        FollowUpLink.objects.create(later_task=late, earlier_task=early)
        with pytest.raises(IntegrityError), transaction.atomic():
            FollowUpLink.objects.create(later_task=late, earlier_task=early)


class TestSuggestions:
    def test_similarity_is_script_blind(self):
        assert similarity("學生宿舍維修改造", "学生宿舍维修改造") == 1.0
        assert similarity("學生宿舍維修改造", "食堂消防檢查") == 0.0
        assert refers_back("繼續推進前期部署的工作") in {"继续推进", "前期部署"}
        assert refers_back("完成食堂改造") == ""

    def test_a_repeated_task_of_the_same_unit_is_proposed_not_linked(self, unit):
        earlier = factories.TaskFactory(meeting=meeting_on(1, unit), owner_unit=unit, text="學生宿舍維修改造")
        factories.TaskFactory(meeting=meeting_on(1, unit), owner_unit=unit, text="食堂消防檢查")
        later_meeting = meeting_on(6, unit)
        later = factories.TaskFactory(meeting=later_meeting, owner_unit=unit, text="学生宿舍维修改造工程")
        made = suggest_follow_ups([later_meeting.pk])
        assert [(link.later_task, link.earlier_task, link.state) for link in made] == [
            (later, earlier, FollowUpLink.State.SUGGESTED)
        ]
        assert "相似度" in made[0].reason

    def test_other_units_done_items_and_later_meetings_are_not_proposed(self, unit):
        other = factories.OrgUnitFactory(name="膳食科")
        factories.TaskFactory(meeting=meeting_on(1, other), owner_unit=other, text="學生宿舍維修改造")
        factories.TaskFactory(
            meeting=meeting_on(2, unit), owner_unit=unit, text="學生宿舍維修改造", status=FollowUp.DONE
        )
        factories.TaskFactory(meeting=meeting_on(9, unit), owner_unit=unit, text="學生宿舍維修改造")
        later_meeting = meeting_on(6, unit)
        factories.TaskFactory(meeting=later_meeting, owner_unit=unit, text="學生宿舍維修改造")
        assert suggest_follow_ups([later_meeting.pk]) == []

    def test_a_directive_pointing_back_is_proposed_with_a_lower_bar(self, unit):
        earlier = factories.DirectiveFactory(meeting=meeting_on(1, unit), text="抓好學生宿舍安全管理工作")
        later_meeting = meeting_on(3, unit)
        factories.DirectiveFactory(meeting=later_meeting, text="繼續推進宿舍安全管理")
        factories.DirectiveFactory(meeting=later_meeting, text="加強宿舍安全管理")  # no cue: no link
        made = suggest_follow_ups([later_meeting.pk])
        assert [link.earlier_directive for link in made] == [earlier]
        assert "继续推进" in made[0].reason

    def test_a_rejected_pair_is_not_proposed_again(self, unit):
        earlier = factories.TaskFactory(meeting=meeting_on(1, unit), owner_unit=unit, text="學生宿舍維修改造")
        later_meeting = meeting_on(6, unit)
        factories.TaskFactory(meeting=later_meeting, owner_unit=unit, text="學生宿舍維修改造")
        (link,) = suggest_follow_ups([later_meeting.pk])
        assert decide([link], FollowUpLink.State.REJECTED) == 1
        assert suggest_follow_ups([later_meeting.pk]) == []
        assert earlier.links_to_later.get().state == FollowUpLink.State.REJECTED


def test_staff_accept_suggestions_in_the_admin(client, unit, editor):
    earlier = factories.TaskFactory(meeting=meeting_on(1, unit), owner_unit=unit, text="學生宿舍維修改造")
    later = factories.TaskFactory(meeting=meeting_on(6, unit), owner_unit=unit, text="學生宿舍維修改造")
    link = FollowUpLink.objects.create(
        later_task=later, earlier_task=earlier, state=FollowUpLink.State.SUGGESTED
    )
    client.force_login(editor)
    changelist = reverse("admin:minutes_followuplink_changelist")
    assert "學生宿舍維修改造" in client.get(changelist, {"state__exact": "suggested"}).text
    response = client.post(changelist, {"action": "accept", "_selected_action": [link.pk]}, follow=True)
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.state == FollowUpLink.State.ACCEPTED
    assert link.history.count() == 2
    assert chain_texts(client.get(item_url(earlier))) == ["學生宿舍維修改造", "學生宿舍維修改造"]


def test_the_board_item_links_to_its_page(client, unit):
    task = factories.TaskFactory(
        meeting=meeting_on(1, unit), text="食堂改造", due_date=datetime.date(2030, 1, 1)
    )
    assert item_url(task) in client.get(reverse("minutes:follow_up")).text
