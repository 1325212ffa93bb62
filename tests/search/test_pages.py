"""The search page and the person autocomplete endpoint."""

import json

import pytest
from django.urls import reverse

from minutes.models import Meeting
from tests import factories as f


@pytest.fixture
def archive(db):
    person = f.PersonFactory(name="張邁曾")
    public = f.MeetingFactory(name="後勤幹部大會")
    internal = f.MeetingFactory(name="內部會議", visibility=Meeting.Visibility.INTERNAL)
    for i in range(30):
        f.SpeechFactory(meeting=public, person=person, text=f"第{i}段：後勤改革方案要落實。")
    f.SpeechFactory(meeting=internal, person=person, text="後勤改革內部討論。")
    f.SpeechFactory(
        meeting=public, person=None, speaker_label="某處長", text="<script>alert(1)</script>後勤改革"
    )
    return {"person": person, "public": public, "internal": internal}


def test_results_page_groups_counts_highlights_and_escapes(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("search:results"), {"q": "后勤改革"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>後勤改革</mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "內部討論" not in html  # anonymous: public meetings only, in the list …
    assert response.context["results"].counts == {"speech": 31}  # … and in the counts
    assert response.context["page_obj"].paginator.num_pages == 2
    assert f"/meetings/{archive['public'].pk}/#speech-" in html


def test_signed_in_users_also_see_internal_meetings(client, archive, viewer):
    client.force_login(viewer)
    response = client.get(reverse("search:results"), {"q": "后勤改革", "page": 2})
    assert response.context["results"].counts == {"speech": 32}
    assert response.status_code == 200


def test_query_count_does_not_grow_with_results(client, archive, django_assert_max_num_queries):
    for i in range(40):
        f.SpeechFactory(meeting=archive["public"], text=f"宿舍{i}")
    params = {"q": "宿舍", "person_name": "zmz", "year": "2023"}
    # The search, and the archive revision its counts and page are kept for.
    with django_assert_max_num_queries(14):
        client.get(reverse("search:results"), params)
    with django_assert_max_num_queries(12):  # the same search again: its counts are not made again
        client.get(reverse("search:results"), params)


def test_filters_and_kind_tabs(client, archive):
    response = client.get(
        reverse("search:results"), {"q": "後勤", "kind": "meeting", "person": archive["person"].pk}
    )
    results = response.context["results"]
    assert [h.kind for h in results.hits] == ["meeting"]
    assert results.counts["speech"] == 31


@pytest.mark.parametrize(
    "params",
    [
        {"q": "後勤", "date_from": "2023-13-45"},
        {"q": "後勤", "person": "999999"},
        {"q": "後勤", "page": "99999"},
        {"q": "後勤", "page": "abc"},
        {"q": "後勤", "month": "13"},
        {"q": '"', "year": "abc"},
    ],
)
def test_invalid_input_is_never_a_server_error(client, archive, params):
    assert client.get(reverse("search:results"), params).status_code == 200


def test_empty_states(client, db):
    assert "開始檢索" in client.get(reverse("search:results")).content.decode()
    assert "找不到" in client.get(reverse("search:results"), {"q": "沒有這個詞"}).content.decode()


def test_people_autocomplete(client, archive):
    for q in ("zmz", "zhang maizeng", "张迈曾", "張邁"):
        data = json.loads(client.get(reverse("search:people_autocomplete"), {"q": q}).content)
        assert [(p["id"], p["name"]) for p in data] == [(archive["person"].pk, "張邁曾")], q
        assert data[0]["pinyin"].startswith("zhang mai")
    assert json.loads(client.get(reverse("search:people_autocomplete"), {"q": ""}).content) == []
