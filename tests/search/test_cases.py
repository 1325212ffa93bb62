"""The shared case table: the same queries and expectations on whichever database the suite runs on
(CI runs it on SQLite and on PostgreSQL)."""

import datetime

import pytest

from minutes.models import Meeting
from search.query import search
from tests import factories as f


@pytest.fixture
def archive(db):
    """A small archive with the traps: both scripts, decoys across punctuation and records,
    polyphonic surnames, an internal meeting and a draft."""
    p = {
        "zmz": f.PersonFactory(name="張邁曾"),
        "gc": f.PersonFactory(name="張國臣"),
        "chai": f.PersonFactory(name="柴渭"),
        "zeng": f.PersonFactory(name="曾國強"),
        "shan": f.PersonFactory(name="單雄信"),
        "xie": f.PersonFactory(name="解小東"),
        "qiu": f.PersonFactory(name="仇大海"),
        "qin": f.PersonFactory(name="覃明"),
    }
    unit = f.OrgUnitFactory(name="後勤保障部")
    m1 = f.MeetingFactory(name="後勤幹部大會", year=2023, month=1, day=14, chair=p["zmz"])
    m2 = f.MeetingFactory(name="学生宿舍工作会议", year=2023, month=7, day=19)
    m3 = f.MeetingFactory(
        name="後勤改革推進會", year=2022, month=5, day=10, visibility=Meeting.Visibility.INTERNAL
    )
    m4 = f.MeetingFactory(name="草稿會議", year=2023, month=8, day=1, status=Meeting.Status.DRAFT)
    m5 = f.MeetingFactory(name="座談會", year=None, month=3, day=2, year_source=Meeting.YearSource.UNKNOWN)
    r = {
        "m1": m1,
        "m2": m2,
        "m3": m3,
        "m4": m4,
        "m5": m5,
        "s1": f.SpeechFactory(meeting=m1, person=p["zmz"], text="張邁曾書記指出，後勤改革方案要認真學習。"),
        "d1": f.DirectiveFactory(meeting=m1, issuer=p["zmz"], text="嚴格要求自己，全身心投入工作。"),
        "s2": f.SpeechFactory(meeting=m2, person=p["gc"], text="宿舍維修要在8月底前完成，柴渭同志負責。"),
        "t1": f.TaskFactory(meeting=m2, text="學生宿舍維修改造", due_text="8月底"),
        "dec1": f.DecisionFactory(meeting=m2, title="學校關於成立後勤保障部的決定"),
        "a1": f.AppointmentFactory(meeting=m2, person=p["chai"], post="副部長", unit=unit),
        "s3": f.SpeechFactory(meeting=m3, person=p["gc"], text="深化後勤改革，推進宿舍管理。"),
        "s4": f.SpeechFactory(meeting=m4, person=p["gc"], text="後勤改革草稿內容。"),
        "s5": f.SpeechFactory(meeting=m5, person=p["gc"], text="會上聶海，濤聲依舊。"),
        "s6": f.SpeechFactory(meeting=m5, person=p["gc"], text="請同志聶海"),
        "s7": f.SpeechFactory(meeting=m5, person=p["gc"], text="濤聲傳來"),
        "unit": unit,
        **{f"p_{k}": v for k, v in p.items()},
    }
    # People are public only through a meeting they are tied to; a post noted at a public meeting
    # ties these ones without adding index rows that other cases would match.
    for key in ("zeng", "shan", "xie", "qiu", "qin"):
        f.PostFactory(person=p[key], title="幹事", unit=unit, source_meeting=m2)
    return r


KIND_OF = {"m": "meeting", "s": "speech", "d": "directive", "t": "task", "a": "appointment"}


def handle_kind(handle: str) -> str:
    if handle.startswith("p_"):
        return "person"
    if handle.startswith("dec"):
        return "decision"
    if handle == "unit":
        return "unit"
    return KIND_OF[handle[0]]


def found(archive, results) -> set[str]:
    """The handles of the archive objects the results point at."""
    by_key = {(handle_kind(h), obj.pk): h for h, obj in archive.items()}
    return {
        by_key.get((hit.kind, hit.entry.object_id), f"?{hit.kind}:{hit.entry.object_id}")
        for hit in results.hits
    }


# (id, query, user: "anon"/"staff", search kwargs, expected handles)
CASES = [
    # Script-insensitive: Simplified, Traditional and mixed input find the same records.
    ("simplified", "后勤改革", "anon", {"kinds": ["speech"]}, {"s1"}),
    ("traditional", "後勤改革", "anon", {"kinds": ["speech"]}, {"s1"}),
    ("mixed-script", "後勤改革", "anon", {"kinds": ["speech"]}, {"s1"}),
    ("traditional-query-simplified-text", "學生宿舍工作會議", "anon", {"kinds": ["meeting"]}, {"m2"}),
    # One character, and two-character names.
    ("one-char", "曾", "anon", {"kinds": ["person"]}, {"p_zmz", "p_zeng"}),
    ("one-char-end-of-run", "習", "anon", {"kinds": ["speech"]}, {"s1"}),
    ("two-char-name-speech", "柴渭", "anon", {"kinds": ["speech"]}, {"s2"}),
    ("two-char-name-appointment", "柴渭", "anon", {"kinds": ["appointment"]}, {"a1"}),
    ("two-char-name-person", "柴渭", "anon", {"kinds": ["person"]}, {"p_chai"}),
    # Phrases, quoted phrases, AND of words.
    ("phrase", "全身心投入", "anon", {}, {"d1"}),
    ("quoted-phrase", '"後勤保障部的決定"', "anon", {}, {"dec1"}),
    ("quoted-across-comma", '"指出，後勤"', "anon", {}, {"s1"}),
    ("and-of-words", "宿舍 柴渭", "anon", {"kinds": ["speech"]}, {"s2"}),
    ("and-of-words-internal", "宿舍 改革", "staff", {"kinds": ["speech"]}, {"s3"}),
    ("and-needs-every-word", "宿舍 全身心", "anon", {}, set()),
    # No false positives across punctuation or across records.
    ("not-across-punctuation", "指出後勤", "anon", {}, set()),
    ("not-across-comma-name", "聶海濤", "anon", {}, set()),
    ("not-across-records", "海濤", "anon", {}, set()),
    ("decoy-parts-found", "聶海", "anon", {}, {"s5", "s6"}),
    # Pinyin for people, with polyphonic surnames.
    ("pinyin-initials", "zmz", "anon", {"kinds": ["person"]}, {"p_zmz"}),
    ("pinyin-spaced", "zhang maizeng", "anon", {"kinds": ["person"]}, {"p_zmz"}),
    ("pinyin-joined", "zhangmaizeng", "anon", {"kinds": ["person"]}, {"p_zmz"}),
    ("pinyin-mixed", "zhangmz", "anon", {"kinds": ["person"]}, {"p_zmz"}),
    ("pinyin-tones", "Zhāng Màizēng", "anon", {"kinds": ["person"]}, {"p_zmz"}),
    ("pinyin-to-text", "zmz", "anon", {"kinds": ["speech"]}, {"s1"}),
    ("surname-zeng", "zeng guoqiang", "anon", {"kinds": ["person"]}, {"p_zeng"}),
    ("surname-zeng-initials", "zgq", "anon", {"kinds": ["person"]}, {"p_zeng"}),
    ("surname-shan", "shanxiongxin", "anon", {"kinds": ["person"]}, {"p_shan"}),
    ("surname-xie", "xie xiaodong", "anon", {"kinds": ["person"]}, {"p_xie"}),
    ("surname-qiu", "qiudahai", "anon", {"kinds": ["person"]}, {"p_qiu"}),
    ("surname-qin", "qin ming", "anon", {"kinds": ["person"]}, {"p_qin"}),
    ("pinyin-plus-word", "zhangguochen 宿舍", "anon", {"kinds": ["speech"]}, {"s2"}),
    # Filters combined with words.
    ("person-filter", "宿舍", "anon", {"kinds": ["speech"], "person": "p_gc"}, {"s2"}),
    ("person-filter-excludes", "宿舍", "anon", {"kinds": ["speech"], "person": "p_zmz"}, set()),
    ("person-role-spoke", "宿舍", "anon", {"kinds": ["task"], "person": "p_gc", "role": "spoke"}, {"t1"}),
    ("person-role-chaired", "宿舍", "anon", {"person": "p_gc", "role": "chaired"}, set()),
    ("chaired", "全身心", "anon", {"person": "p_zmz", "role": "chaired"}, {"d1"}),
    ("year-month", "宿舍", "anon", {"kinds": ["task"], "year": 2023, "month": 7}, {"t1"}),
    ("year-month-excludes", "宿舍", "anon", {"year": 2023, "month": 1}, set()),
    (
        "date-range",
        "後勤",
        "staff",
        {"kinds": ["speech"], "date_from": datetime.date(2022, 1, 1), "date_to": datetime.date(2022, 12, 31)},
        {"s3"},
    ),
    ("unit-filter", "柴渭", "anon", {"unit": "unit"}, {"a1", "s2"}),
    ("unknown-year-month", "聶海", "anon", {"month": 3}, {"s5", "s6"}),
    # Visibility: internal meetings for signed-in users only, drafts never.
    ("internal-hidden-from-anonymous", "推進宿舍", "anon", {}, set()),
    ("internal-shown-to-staff", "推進宿舍", "staff", {}, {"s3"}),
    ("internal-meeting-name", "推進會", "staff", {}, {"m3"}),
    ("draft-never", "草稿", "staff", {}, set()),
]


@pytest.mark.parametrize(
    ("query", "who", "kwargs", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_case_table(archive, viewer, query, who, kwargs, expected):
    kwargs = {k: archive[v] if k in ("person", "unit") else v for k, v in kwargs.items()}
    user = viewer if who == "staff" else None
    results = search(query, user=user, limit=100, **kwargs)
    assert found(archive, results) == expected
    # Counts agree with the hits (no kind filter: the counts cover every kind).
    if not kwargs.get("kinds"):
        assert results.total == len(results.hits)
        assert sum(results.counts.values()) == results.total


def test_counts_follow_visibility(archive, viewer):
    anonymous = search("後勤改革", user=None, limit=100)
    staff = search("後勤改革", user=viewer, limit=100)
    assert anonymous.counts == {"speech": 1}
    assert staff.counts == {"meeting": 1, "speech": 2}


def test_titles_and_names_rank_first_then_newest(archive, viewer):
    hits = search("後勤改革", user=viewer, limit=100).hits
    assert [(h.kind, h.entry.object_id) for h in hits] == [
        ("meeting", archive["m3"].pk),  # the exact phrase in a title
        ("speech", archive["s1"].pk),  # 2023
        ("speech", archive["s3"].pk),  # 2022
    ]
    assert search("柴渭", limit=100).hits[0].kind == "person"


def test_sort_by_date(archive, viewer):
    hits = search("後勤改革", user=viewer, limit=100, sort="date").hits
    assert hits[0].entry.object_id == archive["s1"].pk  # 2023 before the 2022 title match
    assert {(h.kind, h.entry.object_id) for h in hits[1:]} == {
        ("meeting", archive["m3"].pk),
        ("speech", archive["s3"].pk),
    }


def test_undated_meetings_sort_after_dated(archive):
    dated_first = search("濤", limit=100, sort="date").hits
    assert [h.entry.object_id for h in dated_first] == [archive["s7"].pk, archive["s5"].pk]


def test_snippet_is_escaped_and_marked_in_the_original_script(db):
    meeting = f.MeetingFactory()
    f.SpeechFactory(
        meeting=meeting, person=None, speaker_label="<b>處長</b>", text="<script>x</script>後勤改革方案"
    )
    hit = search("后勤改革").hits[0]
    assert (
        str(hit.snippet) == "&lt;b&gt;處長&lt;/b&gt;：&lt;script&gt;x&lt;/script&gt;<mark>後勤改革</mark>方案"
    )


def test_hits_link_to_the_exact_place(archive):
    hit = search("全身心").hits[0]
    assert hit.url.endswith(f"/meetings/{archive['m1'].pk}/#directive-{archive['d1'].pk}")
    person = search("zmz", kinds=["person"]).hits[0]
    assert person.url.endswith(f"/people/{archive['p_zmz'].pk}/")


def test_frequent_word_plan_gives_the_same_hits(archive, viewer):
    """With a tiny count cap every query takes the plan for frequent words (on SQLite)."""
    for _id, query, who, kwargs, expected in CASES:
        kwargs = {k: archive[v] if k in ("person", "unit") else v for k, v in kwargs.items()}
        user = viewer if who == "staff" else None
        assert found(archive, search(query, user=user, limit=100, count_cap=0, **kwargs)) == expected, _id


FILTER_CASES = [c for c in CASES if set(c[3]) & {"person", "unit", "date_from", "date_to", "year", "month"}]
FILTER_CASES += [
    ("person-and-year", "宿舍", "anon", {"person": "p_gc", "year": 2023}, {"s2", "t1", "m2"}),
    ("person-and-other-year", "宿舍", "anon", {"person": "p_gc", "year": 2022}, set()),
    (
        "person-and-date-range",
        "後勤",
        "staff",
        {"person": "p_gc", "date_from": datetime.date(2022, 5, 10), "date_to": datetime.date(2022, 5, 10)},
        {"m3", "s3"},
    ),
    ("person-and-unit", "宿舍", "anon", {"person": "p_chai", "unit": "unit"}, {"m2", "s2", "t1"}),
    ("large-person-small-unit", "宿舍", "anon", {"person": "p_gc", "unit": "unit"}, {"m2", "s2", "t1"}),
    ("person-and-unit-disjoint", "後勤", "anon", {"person": "p_zmz", "unit": "unit"}, set()),
    (
        "date-from-only",
        "後勤改革",
        "staff",
        {"kinds": ["speech"], "date_from": datetime.date(2022, 5, 11)},
        {"s1"},
    ),
    (
        "date-to-only",
        "後勤改革",
        "staff",
        {"kinds": ["speech"], "date_to": datetime.date(2022, 5, 10)},
        {"s3"},
    ),
]


@pytest.mark.parametrize("set_limit", [None, 1, 0], ids=["meeting-set", "mixed", "subqueries"])
@pytest.mark.parametrize(
    ("query", "who", "kwargs", "expected"),
    [c[1:] for c in FILTER_CASES],
    ids=[c[0] for c in FILTER_CASES],
)
def test_filter_plans_agree(archive, viewer, monkeypatch, set_limit, query, who, kwargs, expected):
    """A person/unit filter drives the query from its meetings when they are few and stays a
    subquery condition when they are many: both plans give the same results and counts."""
    if set_limit is not None:
        monkeypatch.setattr("search.meeting_sets.MEETING_SET_MAX", set_limit)
    kwargs = {k: archive[v] if k in ("person", "unit") else v for k, v in kwargs.items()}
    results = search(query, user=viewer if who == "staff" else None, limit=100, **kwargs)
    assert found(archive, results) == expected
    if not kwargs.get("kinds"):
        assert results.total == len(results.hits) == sum(results.counts.values())


def test_a_filter_set_is_not_cut_short_by_repeated_meetings(db, monkeypatch):
    """Three speeches in one meeting, then one in another: with room for two meeting ids, the
    first rows (one meeting, three times) must not pass for the whole set."""
    from search.meeting_sets import filter_meeting_ids

    person = f.PersonFactory(name="鄭重")
    first, second = f.MeetingFactory(), f.MeetingFactory()
    for _ in range(3):
        f.SpeechFactory(meeting=first, person=person, text="會議發言")
    f.SpeechFactory(meeting=second, person=person, text="會議發言")
    monkeypatch.setattr("search.meeting_sets.MEETING_SET_MAX", 2)
    assert filter_meeting_ids(person, "spoke") == {first.pk, second.pk}
    monkeypatch.setattr("search.meeting_sets.MEETING_SET_MAX", 1)
    assert filter_meeting_ids(person, "spoke") is None
