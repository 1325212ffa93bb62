"""A web worker starts without the Chinese-text libraries it loads on first use."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# pypinyin and OpenCC together were 80 MB of a 148 MB worker at start-up; only spelling a name
# (pinyin) or converting a script (OpenCC) needs them.
CODE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.urls import resolve
resolve("/")
print(" ".join(m for m in ("pypinyin", "opencc", "jieba") if m in sys.modules) or "-")
"""


def test_worker_start_loads_neither_pypinyin_nor_opencc():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "-"


def test_names_still_get_their_pinyin_once_loaded():
    from minutes.chinese import pinyin_keys, pinyin_of, to_simplified, to_traditional

    assert pinyin_of("張邁曾") == "zhang mai zeng"
    assert "zmz" in pinyin_keys("張邁曾")
    assert to_simplified("後勤處") == "后勤处"
    assert to_traditional("后勤处") == "後勤處"
