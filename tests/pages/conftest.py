"""Fixtures for the page tests: the seed-like archive and a signed-in staff client."""

import pytest
from django.test import Client

from tests import factories as f

from .factories import build_seed_like_archive


@pytest.fixture
def archive(db):
    return build_seed_like_archive()


@pytest.fixture
def staff_client(db):
    """A second client, signed in; ``client`` stays anonymous."""
    staff = Client()
    staff.force_login(f.UserFactory(username="reader"))
    return staff
