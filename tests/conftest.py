"""Fixtures shared by the whole suite."""

import pytest

from tests import factories


@pytest.fixture
def editor(db):
    return factories.StaffFactory(username="editor", groups=["editors"])


@pytest.fixture
def viewer(db):
    return factories.StaffFactory(username="viewer", groups=["viewers"])


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
