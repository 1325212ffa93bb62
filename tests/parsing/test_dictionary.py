"""jieba's dictionary as the parser reads it: tags from our cache agree with jieba.posseg's table."""

import jieba.posseg

from minutes.parsing import chinese


def test_word_tags_agree_with_jieba_posseg():
    table = jieba.posseg.dt.word_tag_tab
    tags = chinese._WordTags()
    assert all(tags.get(word) == tag for word, tag in table.items())


def test_unknown_words_and_odd_input_have_no_tag():
    assert chinese.word_tag("强调") == "v"
    for word in ("", "不存在的词语甲", "强调 v", "\n", " "):
        assert chinese._WordTags().get(word) is None


def test_a_cache_that_cannot_be_read_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(chinese, "_cache_dir", lambda: str(tmp_path))
    built = chinese._WordTags()
    (cache,) = tmp_path.glob("word-tags-*.marshal")
    cache.write_bytes(b"not marshal")
    assert chinese._WordTags().get("会议") == built.get("会议") == "n"
    loaded = chinese._WordTags()
    assert loaded.text == built.text
