"""Error pages speak Chinese, keep the menu where they can, and lead back."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import include, path

from gongzhi.people.tests.factories import user_with_role


def _denied(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("denied/", _denied), path("broken/", _broken), path("", include("gongzhi.config.urls"))]


@pytest.mark.django_db
def test_a_missing_page_answers_in_chinese_with_the_menu_and_a_way_home(client, tree):
    client.force_login(user_with_role("community_worker", tree["community_a"]))
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面未找到" in html and "回到首页" in html and 'href="/"' in html
    assert "Not Found" not in html and 'class="navbar-nav me-auto"' in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_forbidden_page_says_why_in_chinese_and_leads_back(client, tree):
    client.force_login(user_with_role("resident", tree["household_a"]))
    response = client.get("/denied/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html and "回到首页" in html and "Forbidden" not in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_answers_in_chinese_without_touching_the_database(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统暂时出错" in html and 'href="/"' in html and "Server Error" not in html
