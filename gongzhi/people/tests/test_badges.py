"""Higher apps add labelled items to a record's page through people.badges, never by an upward import."""

import pytest
from django.test import Client

from gongzhi.people import badges
from gongzhi.people.badges import Badge
from gongzhi.people.models import PartyOrg
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_a_registered_badge_shows_on_the_record_page(tree, monkeypatch):
    monkeypatch.setattr(badges, "_PROVIDERS", [])
    org = PartyOrg.objects.create(name="测试党支部", kind="branch", territory=tree["community_a"])

    def stars(*, obj, user):
        return [Badge("党支部五星", "★★★★☆ 四星", "")] if isinstance(obj, PartyOrg) else []

    badges.register(stars)
    badges.register(stars)  # twice is once
    c = Client()
    c.force_login(user_with_role(Role.STREET_OFFICIAL, tree["street_a"], username="badge_viewer"))
    html = c.get(f"/people/party-orgs/{org.pk}/").content.decode()
    assert html.count("★★★★☆ 四星") == 1
