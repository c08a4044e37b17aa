"""The home page and the menu: what each person starts the day with."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.core.tests.test_pages import assert_no_external_assets
from gongzhi.demands.models import Demand
from gongzhi.demands.tests.factories import submit
from gongzhi.people.tests.factories import (
    CouncilFactory,
    GridWorkerFactory,
    PartyOrgFactory,
    ResidentFactory,
    UserFactory,
    user_with_role,
)


@pytest.mark.django_db
def test_home_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_logging_in_lands_on_the_home_page(client, tree):
    user_with_role("community_worker", tree["community_a"], username="zhang")
    response = client.post(reverse("login"), {"username": "zhang", "password": "pass-12345"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "A社区" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, node, words",
    [
        ("grid_worker", "grid_a", ["我的网格", "网格居民", "网格员 · A第一网格"]),
        ("community_worker", "community_a", ["居民台账", "议事会台账", "共建单位台账"]),
        ("branch_secretary", "grid_a", ["支部与议事会覆盖", "议事会成员"]),
        ("street_official", "street_a", ["从本级浏览辖区", "支部覆盖率", "社区/行政村"]),
        ("district_official", "district_a", ["从本级浏览辖区", "街道/乡镇"]),
        ("city_admin", "city", ["从本级浏览辖区", "区县"]),
    ],
)
def test_home_shows_each_role_its_nodes_figures_and_shortcuts(client, tree, role, node, words):
    client.force_login(user_with_role(role, tree[node]))
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert tree[node].name in html
    for w in words:
        assert w in html
    assert_no_external_assets(html)


@pytest.mark.django_db
def test_home_figures_count_what_lies_under_the_node(client, tree):
    branch = PartyOrgFactory(territory=tree["grid_a"])
    CouncilFactory(territory=tree["grid_a"], branch=branch)
    client.force_login(user_with_role("street_official", tree["street_a"]))
    card = client.get(reverse("home")).context["cards"][0]
    levels = {f.label: f.value for f in card["level_figures"]}
    assert levels == {"社区/行政村": "2", "网格": "1", "自然村": "1", "楼栋": "1", "户": "1"}
    coverage = {f.label: f.value for f in card["coverage_figures"]}
    # Grid A has a branch and a council; natural village 张庄 has neither.
    assert coverage["支部覆盖率"] == "50.0%"
    assert coverage["议事会覆盖率"] == "50.0%"


@pytest.mark.django_db
def test_a_resident_sees_their_household_and_no_registries(client, tree):
    user = user_with_role("resident", tree["household_a"])
    ResidentFactory(household=tree["household_a"], user=user, name="王小明", is_head=True)
    ResidentFactory(household=tree["household_a"], name="李小红", relation="配偶")
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "我的家庭" in html
    assert "A路8号1栋101室" in html
    assert "李小红" in html
    assert reverse("people:index") not in html
    assert client.get(reverse("people:list", args=["residents"])).status_code == 403


@pytest.mark.django_db
def test_a_superuser_starts_at_the_roots(client, tree):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(reverse("home")).content.decode()
    assert "测试市" in html
    assert "超级管理员" in html
    assert reverse("admin:index") in html


@pytest.mark.django_db
def test_the_language_switch_turns_the_page_english(client, tree):
    client.force_login(user_with_role("city_admin", tree["city"]))
    assert 'lang="zh-CN"' in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in html
    assert "Log out" in html and "Registries" in html


@pytest.mark.django_db
def test_the_menu_shows_staff_every_app_and_lights_the_one_they_are_in(client, tree):
    client.force_login(user_with_role("street_official", tree["street_a"]))
    html = client.get(reverse("demands:index")).content.decode()
    for name in (
        "territory:index",
        "people:index",
        "dispatch:hotspots",
        "patrols:review",
        "notifications:inbox",
    ):
        assert f'href="{reverse(name)}"' in html
    assert f'class="dropdown-item active" href="{reverse("demands:index")}"' in html
    assert 'class="nav-link dropdown-toggle active"' in html  # its group, 诉求, is lit too
    assert f'class="nav-link active" href="{reverse("home")}"' not in html
    assert f'href="{reverse("api-docs")}"' not in html  # a street official connects no systems


@pytest.mark.django_db
def test_the_menu_fits_one_line_with_the_apps_grouped(client, tree):
    client.force_login(user_with_role("district_official", tree["district_a"]))
    html = client.get(reverse("home")).content.decode()
    bar = html.split('<ul class="navbar-nav me-auto">')[1].split("</ul>\n      <ul")[0]
    top = bar.count('<li class="nav-item')
    assert top <= 7, top  # 首页, 指挥中心, 诉求, 社区治理, 辖区·台账, API 文档 …
    assert 'data-bs-toggle="dropdown"' in bar and f'href="{reverse("api-docs")}"' in bar


@pytest.mark.django_db
def test_the_menu_shows_a_resident_the_public_boards_only(client, tree):
    client.force_login(user_with_role("resident", tree["household_a"]))
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("volunteering:public")}"' in html and f'href="{reverse("points:public")}"' in html
    assert f'href="{reverse("territory:index")}"' not in html
    assert f'href="{reverse("api-docs")}"' not in html
    assert f'class="nav-link active" href="{reverse("home")}"' in html


def test_officials_find_the_command_centre_and_a_street_its_four_platforms_on_their_home(tree, client):
    from gongzhi.people.roles import Role
    from gongzhi.people.tests.factories import user_with_role

    street = user_with_role(Role.STREET_OFFICIAL, tree["street_a"], username="street_boss")
    client.force_login(street)
    html = client.get("/").content.decode()
    assert f'href="/dashboard/{tree["street_a"].division_code}/"' in html and "指挥中心" in html
    assert "四平台调度" in html
    worker = user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="desk_worker")
    client.force_login(worker)
    assert "/dashboard/" not in client.get("/").content.decode().split("<main")[1]


@pytest.mark.django_db
def test_a_resident_starts_with_reporting_a_problem_and_their_own_demands(client, tree):
    resident = user_with_role("resident", tree["household_a"])
    client.force_login(resident)
    work = client.get(reverse("home")).context["work"]
    assert [(a.label, a.url, a.primary) for a in work["actions"]] == [
        ("我要反映", reverse("demands:report"), True),
        ("我的诉求", reverse("demands:mine"), False),
    ]
    assert work["counts"] == []  # no work queue for a resident


@pytest.mark.django_db
def test_a_community_worker_sees_what_waits_with_the_overdue_in_red(client, tree):
    resident = user_with_role("resident", tree["household_a"], username="r1")
    fresh, late = submit(resident, tree["grid_a"]), submit(resident, tree["grid_a"])
    now = timezone.now()  # both accepted: the deadline runs from acceptance
    Demand.objects.filter(pk__in=[fresh.pk, late.pk]).update(state="accepted")
    Demand.objects.filter(pk=late.pk).update(due_at=now - dt.timedelta(hours=1))
    Demand.objects.filter(pk=fresh.pk).update(due_at=now + dt.timedelta(hours=3))
    submit(user_with_role("resident", tree["household_b"], username="r2"), tree["grid_b"])  # not hers
    client.force_login(user_with_role("community_worker", tree["community_a"]))
    response = client.get(reverse("home"))
    counts = {c.label: c for c in response.context["work"]["counts"]}
    assert counts["待交办"].count == 2 and counts["超期"].count == 1 and counts["超期"].danger
    assert counts["即将超期"].count == 1 and counts["即将超期"].danger
    assert counts["超期"].url == reverse("demands:queue") + "?tab=overdue"
    html = response.content.decode()
    assert html.index('id="gz-work"') < html.index("下辖单元")  # the work comes before the structure
    assert client.get(counts["超期"].url).context["page"].object_list[0].pk == late.pk


@pytest.mark.django_db
def test_a_grid_worker_starts_with_the_snapshot_report_and_todays_visits(client, tree):
    user = user_with_role("grid_worker", tree["grid_a"])
    GridWorkerFactory(territory=tree["grid_a"], user=user)
    client.force_login(user)
    work = client.get(reverse("home")).context["work"]
    assert work["actions"][0].label == "随手拍" and work["actions"][0].url == reverse("demands:patrol")
    assert any(c.label == "今日必访" and c.url == reverse("patrols:due") for c in work["counts"])
