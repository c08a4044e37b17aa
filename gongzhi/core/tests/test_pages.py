"""Login, lockout and language: the pages core serves itself."""

import re

import pytest
from django.urls import reverse

from gongzhi.people.tests.factories import user_with_role

EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def assert_no_external_assets(html: str) -> None:
    assert not EXTERNAL_ASSET.search(html), EXTERNAL_ASSET.search(html).group(0)


@pytest.mark.django_db
def test_login_page_is_chinese_responsive_and_loads_nothing_from_outside(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "登录共治平台" in html
    assert 'name="viewport"' in html
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert_no_external_assets(html)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_for_15_minutes(client, tree):
    user_with_role("grid_worker", tree["grid_a"], username="zhao")
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "zhao", "password": "wrong"})
        assert "用户名或密码不正确" in response.content.decode()
    response = client.post(reverse("login"), {"username": "zhao", "password": "wrong"})
    assert response.status_code == 429
    assert "锁定 15 分钟" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(reverse("login"), {"username": "zhao", "password": "pass-12345"})
    assert "锁定 15 分钟" in response.content.decode()


@pytest.mark.django_db
def test_pages_speak_chinese_to_an_english_browser_until_english_is_chosen(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert client.cookies["django_language"].value == "en"
    chosen = client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert chosen.headers["Content-Language"] == "en"
