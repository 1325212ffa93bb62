"""Fixtures shared by the whole suite."""

from importlib import import_module
from types import SimpleNamespace

import pytest

from minutes import reach
from tests import factories


@pytest.fixture(autouse=True)
def _reach_at_once():
    # A test's transaction never commits, so on-commit callbacks never run: recompute the kept
    # counts at each write instead. tests/models/test_reach.py tests the on-commit path itself.
    reach.discard_pending()
    with reach.at_once():
        yield
    reach.discard_pending()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Real hashers cost ~0.3 s a user; the suite makes hundreds. Tests of hashing itself
    # (password validation, login throttling) do not depend on which hasher is used.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _staff_groups():
    """The staff groups as the data migrations make them. A transactional test (the browser tests'
    live server among them) empties every table when it ends, groups included, so a later test
    that needs them puts them back the same way."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import connection

    if Group.objects.filter(name__in=["editors", "viewers"]).count() == 2:
        return
    migrations = [
        import_module(f"minutes.migrations.{name}") for name in ("0003_staff_groups", "0007_follow_up_links")
    ]
    editor = SimpleNamespace(connection=connection)
    migrations[0].create_groups(apps, editor)
    migrations[1].grant_link_permissions(apps, editor)


@pytest.fixture
def editor(db):
    _staff_groups()
    return factories.StaffFactory(username="editor", groups=["editors"])


@pytest.fixture
def viewer(db):
    _staff_groups()
    return factories.StaffFactory(username="viewer", groups=["viewers"])


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _no_api_throttle(settings):
    # The API's anonymous rate is counted per address in the cache, which outlives a test: every
    # test client is 127.0.0.1, so the suite would run into it. Its own test turns it on.
    settings.API_ANON_RATE = None


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Pages keep per-revision results in the cache (minutes.revision.cached), which outlives a
    # test; a new test database may start at the same revision (none yet), so each test starts empty.
    from django.core.cache import cache

    cache.clear()
    yield
