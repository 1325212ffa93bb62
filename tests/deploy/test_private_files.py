"""The development secret key and backups (password hashes) are readable by their owner only."""

import os
import stat

import pytest

import config.settings as project_settings
from minutes import backup


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The common 022 umask, under which a plain open() makes 0644 files."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_development_secret_key_is_created_0600(tmp_path, monkeypatch, open_umask):
    monkeypatch.setattr(project_settings, "VAR_DIR", tmp_path)
    key = project_settings._development_secret_key()
    assert len(key) >= 50
    assert mode_of(tmp_path / "secret_key") == 0o600
    assert project_settings._development_secret_key() == key  # stable across restarts


def test_an_old_world_readable_secret_key_is_narrowed(tmp_path, monkeypatch, open_umask):
    monkeypatch.setattr(project_settings, "VAR_DIR", tmp_path)
    (tmp_path / "secret_key").write_text("k" * 60)
    os.chmod(tmp_path / "secret_key", 0o644)
    assert project_settings._development_secret_key() == "k" * 60
    assert mode_of(tmp_path / "secret_key") == 0o600


@pytest.mark.django_db
@pytest.mark.parametrize("file_name", ["archive.json", "archive.json.gz"])
def test_backups_are_created_0600(tmp_path, open_umask, file_name):
    path = tmp_path / file_name
    backup.write_backup(path)
    assert mode_of(path) == 0o600


@pytest.mark.django_db
def test_overwriting_a_world_readable_backup_leaves_it_0600(tmp_path, open_umask):
    path = tmp_path / "archive.json"
    path.write_text("old")
    os.chmod(path, 0o644)
    backup.write_backup(path)
    assert mode_of(path) == 0o600
