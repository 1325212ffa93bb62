"""Anonymous readers see published public meetings, signed-in staff also internal ones, drafts nobody:
on every page, count, calendar cell, prev/next link, person and unit page."""

from django.urls import reverse

from minutes.models import Meeting


def test_detail_pages(client, staff_client, archive):
    internal, draft = archive["internal"], archive["draft"]
    assert client.get(internal.get_absolute_url()).status_code == 404
    assert staff_client.get(internal.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert staff_client.get(draft.get_absolute_url()).status_code == 404


def test_list_and_counts(client, staff_client, archive):
    url = reverse("minutes:meeting_list")
    anonymous = client.get(url).context["page_obj"].paginator
    staff = staff_client.get(url).context["page_obj"].paginator
    assert anonymous.count == 3
    assert staff.count == 4
    names = {m.name for m in staff.object_list}
    assert "後勤內部預算會議" in names and "尚未發佈的草稿會議" not in names


def test_home_counts_only_visible_records(client, staff_client, archive):
    anonymous = client.get(reverse("minutes:home")).context
    staff = staff_client.get(reverse("minutes:home")).context
    assert anonymous["counts"]["meetings"] == 3
    assert staff["counts"]["meetings"] == 4
    assert anonymous["counts"]["speeches"] == 13
    assert staff["counts"]["speeches"] == 14
    # 草稿中人 only speaks in the draft: never counted.
    assert anonymous["counts"]["people"] == 10
    assert staff["counts"]["people"] == 10
    assert all(d.meeting.visibility == "public" for d in anonymous["open_directives"])
    assert "內部要求事項" not in client.get(reverse("minutes:home")).content.decode()
    assert "內部要求事項" in staff_client.get(reverse("minutes:home")).content.decode()


def test_calendar_year_and_archive(client, staff_client, archive):
    month = reverse("minutes:meeting_month", args=[2023, 7])
    assert "後勤內部預算會議" not in client.get(month).content.decode()
    assert "後勤內部預算會議" in staff_client.get(month).content.decode()
    for c in (client, staff_client):
        assert "尚未發佈的草稿會議" not in c.get(month).content.decode()
    year = reverse("minutes:meeting_year", args=[2023])
    assert len(client.get(year).context["meetings"]) == 2
    assert len(staff_client.get(year).context["meetings"]) == 3
    archive_page = client.get(reverse("minutes:meeting_archive")).context
    assert archive_page["years"] == [{"year": 2023, "n": 2}]
    assert archive_page["unknown_count"] == 1


def test_previous_and_next_skip_hidden_meetings(client, staff_client, archive):
    m3 = archive["meetings"][2]
    assert client.get(m3.get_absolute_url()).context["following"] is None
    assert staff_client.get(m3.get_absolute_url()).context["following"] == archive["internal"]


def test_person_pages(client, staff_client, archive):
    li = archive["people"]["李繼平"]
    anonymous = client.get(li.get_absolute_url())
    staff = staff_client.get(li.get_absolute_url())
    assert "後勤內部預算會議" not in anonymous.content.decode()
    assert "內部要求事項" not in anonymous.content.decode()
    assert "後勤內部預算會議" in staff.content.decode()
    # Someone named only in a draft has no page and is not listed.
    secret = archive["draft_person"]
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert staff_client.get(secret.get_absolute_url()).status_code == 404
    assert secret not in list(staff_client.get(reverse("people:person_list")).context["people"])


def test_unit_pages(client, staff_client, archive):
    unit = archive["units"]["保障部"]
    Meeting.objects.filter(pk=archive["internal"].pk).update(organizer=unit)
    Meeting.objects.filter(pk=archive["draft"].pk).update(organizer=unit)
    anonymous = {m.name for m in client.get(unit.get_absolute_url()).context["meetings"]}
    staff = {m.name for m in staff_client.get(unit.get_absolute_url()).context["meetings"]}
    assert "後勤內部預算會議" not in anonymous
    assert "後勤內部預算會議" in staff
    assert "尚未發佈的草稿會議" not in staff


def test_filters_cannot_reach_hidden_meetings(client, archive):
    li = archive["people"]["李繼平"]
    response = client.get(reverse("minutes:meeting_list"), {"person": li.pk})
    assert "後勤內部預算會議" not in {m.name for m in response.context["meetings"]}
    response = client.get(reverse("minutes:meeting_list"), {"q": "草稿"})
    assert list(response.context["meetings"]) == []
