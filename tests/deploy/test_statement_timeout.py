"""PostgreSQL cancels a web request's statement after DATABASE_STATEMENT_TIMEOUT (default 5s);
management commands, which run long statements by design, go without."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.settings import statement_timeout

ROOT = Path(__file__).resolve().parents[2]
PG_URL = "postgres://u:p@127.0.0.1:5432/never_connected"


def options_for(argv: list[str], **env) -> str:
    """The PostgreSQL connection options settings give a process started as ``argv``."""
    code = (
        f"import json, sys; sys.argv = {argv!r}; import config.settings as s; "
        "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
    )
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_STATEMENT_TIMEOUT"}
    environ.update({"DATABASE_URL": PG_URL, "MINUTES_ENV": "development", **env})
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout).get("options", "")


def test_web_processes_get_a_five_second_default():
    assert "-c statement_timeout=5s" in options_for(["gunicorn", "config.wsgi"])
    assert "-c statement_timeout=5s" in options_for(["manage.py", "runserver"])
    assert "-c jit=off" in options_for(["gunicorn", "config.wsgi"])


def test_the_timeout_comes_from_the_environment():
    options = options_for(["gunicorn"], DATABASE_STATEMENT_TIMEOUT="1500ms")
    assert "-c statement_timeout=1500ms" in options


@pytest.mark.parametrize("command", ["migrate", "backup_archive", "restore_archive"])
def test_management_commands_run_without_it(command):
    assert "statement_timeout" not in options_for(["manage.py", command])


@pytest.mark.parametrize("value", ["5s", "250ms", "2min", "0", " 5 s "])
def test_timeout_values_postgresql_reads(value):
    assert statement_timeout(value) == value.replace(" ", "")


@pytest.mark.parametrize("value", ["", "5 seconds", "5s -c jit=on", "-1", "1h"])
def test_other_values_are_refused(value):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_STATEMENT_TIMEOUT"):
        statement_timeout(value)


@pytest.mark.django_db
def test_the_test_connection_has_it_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"


def test_python_dash_m_django_is_a_management_command_and_pytest_is_not():
    assert "statement_timeout" not in options_for(["/venv/lib/django/__main__.py", "migrate"])
    assert "statement_timeout=5s" in options_for(["/venv/lib/pytest/__main__.py", "tests"])
