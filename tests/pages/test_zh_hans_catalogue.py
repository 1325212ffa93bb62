"""The Simplified Chinese catalogue is generated from the msgids (OpenCC t2s, or an override)."""

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minutes import catalogue
from minutes.chinese import to_simplified


def test_the_committed_catalogue_is_what_the_command_generates():
    assert catalogue.TARGET.read_text("utf-8") == str(catalogue.zh_hans_catalogue()), (
        "run `make messages` (manage.py make_zh_hans_catalogue, then compilemessages)"
    )


def test_the_compiled_catalogue_matches_the_po_file():
    def translations(entries):
        return {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in entries if e.msgid}

    po = polib.pofile(str(catalogue.TARGET))
    mo = polib.mofile(str(catalogue.TARGET.with_suffix(".mo")))
    assert translations(mo) == translations(po), "run `make messages` to compile the catalogue"


def test_every_msgid_is_converted_unless_overridden():
    overridden = {e.msgid for e in polib.pofile(str(catalogue.OVERRIDES))}
    generated = catalogue.zh_hans_catalogue()
    source = [e for e in polib.pofile(str(catalogue.SOURCE)) if not e.obsolete]
    assert [e.msgid for e in generated] == [e.msgid for e in source]
    for entry in generated:
        if entry.msgid in overridden or entry.msgid_plural:
            continue
        assert entry.msgstr == to_simplified(entry.msgid)
    login = next(e for e in generated if e.msgid == "工作人員登入")
    assert login.msgstr == "工作人员登录"  # the override, not t2s's 登入
    assert catalogue.unused_overrides() == []


def test_check_fails_on_a_stale_catalogue(tmp_path, monkeypatch):
    stale = tmp_path / "django.po"
    stale.write_text(
        catalogue.TARGET.read_text("utf-8").replace('msgstr "年份不详"', 'msgstr "年份不詳"'), "utf-8"
    )
    monkeypatch.setattr(catalogue, "TARGET", stale)
    with pytest.raises(CommandError, match="out of date"):
        call_command("make_zh_hans_catalogue", "--check")
    call_command("make_zh_hans_catalogue")
    call_command("make_zh_hans_catalogue", "--check")
    assert 'msgstr "年份不详"' in stale.read_text("utf-8")
