"""Servers as started: ``make serve`` (gunicorn) never debugs and writes private access and error
logs; ``manage.py runserver`` shows tracebacks only when bound to loopback."""

import os
import shlex
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from config.settings import runserver_on_loopback
from tests.deploy.test_security import BASE_DIR, production_env

VENV = Path(sys.executable).parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_until_serving(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped with {process.returncode}: {process.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not start listening within 60 s")


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


def make_serve_commands(port: int) -> dict[str, str]:
    """The lines ``make serve`` runs, by what they run (collectstatic, migrate, gunicorn)."""
    result = subprocess.run(
        ["make", "-n", "serve", f"VENV={VENV}", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = {}
    for step in ("collectstatic", "migrate", "gunicorn"):
        (lines[step],) = [line for line in result.stdout.splitlines() if step in line]
    return lines


def serve_env(tmp_path, **overrides) -> dict:
    return production_env(
        MINUTES_LOG_DIR=str(tmp_path / "log"),
        MINUTES_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        WEB_CONCURRENCY="1",
        # gunicorn's control socket is one per account (~/.gunicorn): not for tests running side by side.
        GUNICORN_CMD_ARGS="--no-control-socket",
        **overrides,
    )


def start(command: str | list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        shell=isinstance(command, str),
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


@pytest.mark.slow
def test_make_serve_writes_an_access_log_and_an_error_log_readable_by_its_owner_only(tmp_path):
    port = free_port()
    commands, env = make_serve_commands(port), serve_env(tmp_path)
    # The 404 page needs the static files' manifest; it needs no table, so no migrate.
    collected = subprocess.run(commands["collectstatic"] + " -v0", shell=True, cwd=BASE_DIR, env=env)
    assert collected.returncode == 0
    process = start(commands["gunicorn"], env)
    try:
        wait_until_serving(process, port)
        status, _ = fetch(f"http://127.0.0.1:{port}/no-such-page/?from=the-test")
    finally:
        stop(process)

    assert status == 404
    log_dir = tmp_path / "log"
    access, error = (log_dir / "access.log").read_text(), (log_dir / "error.log").read_text()
    assert '"GET /no-such-page/?from=the-test HTTP/1.1" 404' in access
    assert "127.0.0.1" in access  # the reader's address: why the file is private
    assert "Listening at: http://127.0.0.1:" in error and "Booting worker" in error
    assert "Not Found: /no-such-page/" in error  # Django's own log lines land there too
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    for name in ("access.log", "error.log"):
        assert stat.S_IMODE((log_dir / name).stat().st_mode) == 0o600, name


def test_make_serve_logs_where_the_environment_says(tmp_path):
    (tmp_path / "old.log").write_text("earlier line\n")
    (tmp_path / "old.log").chmod(0o644)
    command = make_serve_commands(free_port())["gunicorn"] + " --check-config"
    env = serve_env(tmp_path, MINUTES_ACCESS_LOG=str(tmp_path / "old.log"), MINUTES_ERROR_LOG="-")

    result = subprocess.run(command, shell=True, cwd=BASE_DIR, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "old.log").read_text() == "earlier line\n"  # appended to, never emptied
    assert stat.S_IMODE((tmp_path / "old.log").stat().st_mode) == 0o600
    assert not (tmp_path / "log").exists()


@pytest.mark.slow
def test_make_serve_refuses_to_run_with_debug(tmp_path):
    command = make_serve_commands(free_port())["gunicorn"]
    process = start(command, serve_env(tmp_path, DEBUG="1", MINUTES_ERROR_LOG="-"))
    try:
        output, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        output = stop(process)
        pytest.fail(f"gunicorn started with DEBUG=1:\n{output}")

    assert process.returncode != 0
    assert "ImproperlyConfigured: DEBUG is on, but a WSGI server (gunicorn, make serve) never runs" in output


@pytest.mark.parametrize(
    ("args", "loopback"),
    [
        ([], True),
        (["8000"], True),
        (["127.0.0.1:8000"], True),
        (["--noreload", "localhost:8000"], True),
        (["[::1]:8000", "--ipv6"], True),
        (["-6"], True),
        (["0.0.0.0:8000"], False),
        (["0:8000"], False),
        (["[::]:8000", "-6"], False),
        (["10.20.30.40:8000"], False),
        (["minutes.example.edu:8000"], False),
    ],
)
def test_runserver_counts_as_a_developer_server_only_on_loopback(args, loopback):
    assert runserver_on_loopback(args) is loopback


@pytest.mark.slow
@pytest.mark.parametrize(
    ("address", "debug"), [("127.0.0.1", True), ("0.0.0.0", False)], ids=["loopback", "all-addresses"]
)
def test_runserver_shows_tracebacks_only_on_loopback(tmp_path, address, debug):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "MINUTES_ENV"}}
    env.update(MINUTES_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    command = [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"{address}:{port}"]
    process = start(command, env)
    try:
        wait_until_serving(process, port)
        status, page = fetch(f"http://127.0.0.1:{port}/no-such-page/")
        css_status, _ = fetch(f"http://127.0.0.1:{port}/static/css/app.css")
    finally:
        output = stop(process)

    assert status == 404, output
    assert ("<code>DEBUG = True</code>" in page) is debug
    assert ("Using the URLconf defined in" in page) is debug
    assert css_status == 200  # the development server serves static files either way


def make_run_command() -> str:
    result = subprocess.run(
        ["make", "-n", "run", f"VENV={VENV}"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    )
    (line,) = [line for line in result.stdout.splitlines() if " runserver " in line]
    return line


def test_make_run_serves_on_loopback_so_developers_keep_their_tracebacks():
    args = shlex.split(make_run_command())
    assert runserver_on_loopback(args[args.index("runserver") + 1 :])
