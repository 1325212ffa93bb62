"""Login lockout, through the admin's login page: per user name at one address (brute force), per
address across user names (password spraying) and per user name across addresses."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.deploy.test_security import PASSWORD

LOGIN = "/admin/login/"
SPRAYER = "203.0.113.66"


def limit_of(*parameters: str) -> int:
    return dict((tuple(params), limit) for params, limit in settings.LOGIN_LOCKOUTS)[parameters]


def attempt(username: str, password: str, address: str) -> int:
    # A fresh client each time: an attacker keeps no cookies.
    return Client().post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address).status_code


@pytest.fixture
def clerk(db):
    return factories.StaffFactory(username="clerk")


def test_the_limits_are_sensible():
    pair, address, username = limit_of("username", "ip_address"), limit_of("ip_address"), limit_of("username")
    assert reverse("admin:login") == LOGIN
    assert settings.AXES_ENABLED and settings.AXES_COOLOFF_TIME
    # Spraying tries one password per name: the address may fail more often than one name does,
    # but far fewer times than a thousand-name list.
    assert pair < username < address <= 50
    assert pair <= 10


def test_an_address_spraying_many_user_names_is_locked_out(clerk):
    limit = limit_of("ip_address")
    statuses = [attempt(f"guess{n}", "Summer2026!", SPRAYER) for n in range(limit)]

    assert statuses == [200] * (limit - 1) + [429]
    # The address is locked for every name, the right password included; other addresses are not.
    assert attempt("clerk", PASSWORD, SPRAYER) == 429
    assert attempt("clerk", PASSWORD, "198.51.100.4") == 302


def test_fewer_sprayed_names_than_the_limit_do_not_lock_the_address(clerk):
    for n in range(limit_of("ip_address") - 1):
        assert attempt(f"guess{n}", "Summer2026!", SPRAYER) == 200

    assert attempt("clerk", PASSWORD, SPRAYER) == 302


def test_a_user_name_tried_from_many_addresses_is_locked_out(clerk):
    factories.StaffFactory(username="colleague")
    limit = limit_of("username")
    statuses = [attempt("clerk", "wrong-password", f"198.18.0.{n + 1}") for n in range(limit)]

    assert statuses == [200] * (limit - 1) + [429]
    # The name is locked from every address; other names from those addresses are not.
    assert attempt("clerk", PASSWORD, "192.0.2.200") == 429
    assert attempt("colleague", PASSWORD, "198.18.0.1") == 302


def test_fewer_failures_for_a_name_than_the_limit_do_not_lock_it(clerk):
    for n in range(limit_of("username") - 1):
        assert attempt("clerk", "wrong-password", f"198.18.0.{n + 1}") == 200

    assert attempt("clerk", PASSWORD, "192.0.2.200") == 302


def test_signing_in_with_an_own_account_does_not_clear_the_address_count(clerk):
    factories.StaffFactory(username="mallory")
    limit = limit_of("ip_address")
    for n in range(limit - 2):
        assert attempt(f"guess{n}", "Summer2026!", SPRAYER) == 200

    assert attempt("mallory", PASSWORD, SPRAYER) == 302
    assert attempt("guess-last", "Summer2026!", SPRAYER) == 200
    assert attempt("guess-over", "Summer2026!", SPRAYER) == 429


def test_a_successful_login_clears_the_failures_of_its_name(clerk):
    pair = limit_of("username", "ip_address")
    for _ in range(pair - 1):
        assert attempt("clerk", "wrong-password", "192.0.2.7") == 200
    assert attempt("clerk", PASSWORD, "192.0.2.7") == 302

    for _ in range(pair - 1):
        assert attempt("clerk", "wrong-password", "192.0.2.7") == 200
    assert attempt("clerk", PASSWORD, "192.0.2.7") == 302
