"""Switching the interface language: Traditional by default, Simplified and English on request."""

from django.urls import reverse


def switch(client, language, next_url="/"):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302


def test_traditional_by_default(client, archive):
    html = client.get(reverse("minutes:meeting_list"), HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()
    assert 'lang="zh-Hant"' in html
    assert "按日期瀏覽" in html and "套用篩選" in html


def test_a_browser_language_does_not_override_the_default(client, archive):
    # Simplified and English are the reader's explicit choice, not the browser's.
    for header in ("en-US,en;q=0.9", "zh-CN,zh;q=0.9"):
        html = client.get(reverse("minutes:meeting_list"), HTTP_ACCEPT_LANGUAGE=header).content.decode()
        assert 'lang="zh-Hant"' in html
    admin_login = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "使用者名稱" in admin_login


def test_simplified_interface(client, archive):
    switch(client, "zh-hans")
    html = client.get(reverse("minutes:meeting_list")).content.decode()
    assert 'lang="zh-Hans"' in html
    assert "按日期浏览" in html and "套用筛选" in html
    assert '<span class="tag">干部大会</span>' in html  # the meeting kind is interface text …
    # … and so, following the interface, is the archive's text (see test_content_script.py).
    assert "后勤干部大会" in html and "後勤幹部大會" not in html
    detail = client.get(archive["meetings"][0].get_absolute_url()).content.decode()
    assert "工作要求" in detail and "决定与文件" in detail


def test_english_interface(client, archive):
    switch(client, "en")
    html = client.get(reverse("minutes:meeting_list")).content.decode()
    assert 'lang="en"' in html
    assert "Browse by date" in html and "Apply filters" in html
    assert "3 meetings" in html
    detail = client.get(archive["meetings"][0].get_absolute_url()).content.decode()
    assert "Directives" in detail and "14 Jan 2023" in detail
    home = client.get(reverse("minutes:home")).content.decode()
    assert "Latest meetings" in home and "Open tasks" in home
