"""A safe deployment: production settings, security headers, CSRF, login throttling, sessions, passwords."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


# Variables of this test process that a production server would not have. DJANGO_ALLOW_ASYNC_UNSAFE is
# set by the browser tests' Playwright fixtures and fails check --deploy (async.E001).
PROCESS_ONLY_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(**overrides) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in PROCESS_ONLY_VARIABLES}
    env.update(
        MINUTES_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="minutes.example.edu",
        # Production mode must not touch the developer's var/ directory.
        MINUTES_VAR_DIR=str(BASE_DIR / "var" / "test-production"),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def last_json_line(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- production configuration, in a separate process -------------------------------------------


@pytest.mark.parametrize("extra", [{}, {"TRUSTED_PROXY_COUNT": "1"}], ids=["direct", "behind-proxy"])
def test_check_deploy_passes_without_warnings_in_production(extra):
    result = manage(production_env(**extra), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"SECRET_KEY": None}, "MINUTES_ENV=production needs SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 50}, "MINUTES_ENV=production needs SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "MINUTES_ENV=production needs SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "MINUTES_ENV=production needs ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": " , "}, "MINUTES_ENV=production needs ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_key_or_allowed_hosts(missing, message):
    result = manage(production_env(**missing), "check")

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: " + message in result.stderr


def test_gunicorn_entry_point_refuses_too():
    env = production_env(SECRET_KEY=None)
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: MINUTES_ENV=production needs SECRET_KEY" in result.stderr


PRINT_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
    "['DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', "
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER']}))"
)


def test_debug_is_off_by_default_in_production_and_https_is_enforced():
    values = last_json_line(manage(production_env(), "shell", "-c", PRINT_SETTINGS))

    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


FETCH_HEADERS = """
import json
from django.test import Client
c = Client()
plain = c.get('/admin/login/', HTTP_HOST='minutes.example.edu')
secure = c.get('/admin/login/', HTTP_HOST='minutes.example.edu', HTTP_X_FORWARDED_PROTO='https')
print(json.dumps({'plain': [plain.status_code, plain.headers.get('Location')],
                  'secure': [secure.status_code, dict(secure.headers)]}))
"""


def test_production_redirects_to_https_and_sends_hsts_behind_the_proxy(tmp_path):
    # Production pages need the hashed-name manifest that collectstatic writes.
    env = production_env(STATIC_ROOT=str(tmp_path / "static"))
    collected = manage(env, "collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    hashed = tmp_path / "static" / manifest["admin/css/base.css"]
    assert hashed.name != "base.css" and Path(f"{hashed}.gz").exists()  # hashed and pre-compressed

    values = last_json_line(manage(env, "shell", "-c", FETCH_HEADERS))

    assert values["plain"] == [301, "https://minutes.example.edu/admin/login/"]
    status, headers = values["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]


# --- headers on every page -------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


PAGES = ["admin:login", "minutes:home", "minutes:meeting_list", "search:results"]


@pytest.mark.parametrize("url_name", PAGES)
def test_pages_send_a_strict_content_security_policy_and_security_headers(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200

    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["default-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize("url_name", PAGES)
def test_pages_have_no_inline_scripts_the_policy_would_block(client, db, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert INLINE_SCRIPT.findall(html) == []
    assert not re.search(r"\son(click|load|change|submit)=", html, re.IGNORECASE)


# --- forms, login, sessions, passwords --------------------------------------------------------


def test_admin_login_without_csrf_token_is_rejected(db):
    factories.StaffFactory(username="clerk")
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("admin:login"), {"username": "clerk", "password": PASSWORD})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_admin_login_with_csrf_token_works(db):
    factories.StaffFactory(username="clerk")
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("admin:login"))
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("admin:login"), {"username": "clerk", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_repeated_failed_logins_lock_the_account_out(client, db):
    factories.StaffFactory(username="clerk")
    login = reverse("admin:login")
    assert settings.AXES_ENABLED
    statuses = [
        client.post(login, {"username": "clerk", "password": "wrong-password"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The form again with an error, until the failure that reaches the limit locks the account.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    response = client.post(login, {"username": "clerk", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_do_not_lock_out(client, db):
    factories.StaffFactory(username="clerk")
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(login, {"username": "clerk", "password": "wrong-password"})

    response = client.post(login, {"username": "clerk", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_session_cookie_ends_with_the_browser_and_sessions_expire(client, db):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True
    user = factories.StaffFactory(username="clerk", is_superuser=True)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    # cached_db sessions: the cached copy's timeout is the session's age, so it lapses with it
    cache.delete(f"django.contrib.sessions.cached_db{client.session.session_key}")
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_login_sets_a_session_cookie_without_expiry(db):
    factories.StaffFactory(username="clerk")
    client = Client()
    client.post(reverse("admin:login"), {"username": "clerk", "password": PASSWORD})

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["expires"] and not cookie["max-age"]
    assert cookie["httponly"]


@pytest.mark.parametrize("password", ["short1", "password123", "12345678901", "clerk-clerk"])
def test_weak_passwords_are_rejected(db, password):
    user = factories.UserFactory.build(username="clerk-clerk")
    with pytest.raises(ValidationError):
        validate_password(password, user=user)


def test_a_long_random_password_is_accepted(db):
    validate_password("後勤-" + secrets.token_urlsafe(12))


def test_behind_a_proxy_lockout_is_per_client_address(client, db, settings):
    from config.settings import client_ip_behind_proxies

    settings.AXES_CLIENT_IP_CALLABLE = lambda request: client_ip_behind_proxies(request, proxies=1)
    factories.StaffFactory(username="clerk")
    login = reverse("admin:login")
    # nginx appends the real address; whatever the client put before it is ignored.
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.7"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "clerk", "password": "wrong-password"}, **attacker)

    attacker["HTTP_X_FORWARDED_FOR"] = "10.1.1.1, 203.0.113.7"  # forging the left part changes nothing
    assert client.post(login, {"username": "clerk", "password": PASSWORD}, **attacker).status_code == 429
    colleague = Client()
    response = colleague.post(
        login,
        {"username": "clerk", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert response.status_code == 302
