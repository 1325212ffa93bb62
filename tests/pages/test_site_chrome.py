"""The site's own frame around every page: the icon and the 404 and 500 pages."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error


@pytest.mark.django_db
def test_every_page_names_the_icon(client):
    # Named in the page, the browser asks for it rather than for a missing /favicon.ico.
    html = client.get(reverse("minutes:home")).content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in html
    path = finders.find("favicon.svg")
    assert path, "static/favicon.svg is missing"
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "html_lang"),
    [
        ("zh-hant", "找不到這個頁面", "zh-Hant"),
        ("zh-hans", "找不到这个页面", "zh-Hans"),
        ("en", "Page not found", "en"),
    ],
)
def test_a_missing_page_is_the_sites_own_in_the_readers_language(client, language, title, html_lang):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{html_lang}">' in html
    assert f"<h1>{title}</h1>" in html
    assert 'class="site-name"' in html and reverse("minutes:meeting_list") in html


def test_the_500_page_needs_no_database_nor_request_context():
    # No django_db mark: any query fails the test. handler500 renders with an empty context.
    for language, title in (
        ("zh-hant", "伺服器發生錯誤"),
        ("zh-hans", "服务器发生错误"),
        ("en", "Server error"),
    ):
        with translation.override(language):
            response = server_error(RequestFactory().get("/"))
        html = response.content.decode()
        assert response.status_code == 500
        assert f"<h1>{title}</h1>" in html
        assert 'class="site-name"' in html
        # Forms that post need a CSRF token the empty context lacks: they are left out.
        assert "<form" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.pages.error_urls")
def test_a_failing_view_shows_the_500_page_in_the_readers_language(client):
    client.raise_request_exception = False
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="en">' in html and "<h1>Server error</h1>" in html


def test_a_meeting_page_gives_its_citation_link_and_a_print_button(client, archive, settings):
    settings.ALLOWED_HOSTS = ["testserver", "minutes.example.edu"]
    meeting = archive["meetings"][0]
    html = client.get(meeting.get_absolute_url(), HTTP_HOST="minutes.example.edu").content.decode()
    url = f"http://minutes.example.edu/meetings/{meeting.pk}/"
    assert f'引用連結：</span><a class="cite__url" href="{url}">{url}</a>' in html
    # The button shows only once print.js (a file: the CSP allows no inline script) wires it up.
    assert '<button type="button" class="print-button" data-print hidden>列印本頁</button>' in html
    assert f'<script src="{static("js/print.js")}" defer></script>' in html
    assert finders.find("js/print.js")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(meeting.get_absolute_url(), HTTP_HOST="minutes.example.edu").content.decode()
    assert "Cite as" in html and "Print this page" in html
