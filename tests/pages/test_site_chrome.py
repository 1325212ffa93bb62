"""The site's own frame around every page: the icon."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse


@pytest.mark.django_db
def test_every_page_names_the_icon(client):
    # Named in the page, the browser asks for it rather than for a missing /favicon.ico.
    html = client.get(reverse("minutes:home")).content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in html
    path = finders.find("favicon.svg")
    assert path, "static/favicon.svg is missing"
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
