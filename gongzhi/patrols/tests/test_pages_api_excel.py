"""Pages, API and Excel of patrols, safe households and mediation: they render, stay in scope, import whole."""

import datetime as dt
import io

import pytest
import tablib
from openpyxl import load_workbook

from gongzhi.analytics.tests.helpers import figure
from gongzhi.core.errors import ImportRejected
from gongzhi.mediation.models import Mediator
from gongzhi.mediation.services import dispute_register
from gongzhi.patrols.models import DutyRule, Patrol
from gongzhi.patrols.services import duty_rules_seed, patrol_log
from gongzhi.people.importing import registry_export, registry_import
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import GridWorkerFactory, ResidentFactory, user_with_role
from gongzhi.safety.services import assessment_apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, clock):
    gw_user = user_with_role(Role.GRID_WORKER, tree["grid_a"], username="gw")
    worker = GridWorkerFactory(territory=tree["grid_a"], user=gw_user)
    ResidentFactory(household=tree["household_a"], tags=["独居老人"])
    duty_rules_seed(actor=None, territory=tree["city"])
    desk = user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="desk")
    patrol, _ = patrol_log(
        actor=gw_user,
        territory_id=tree["grid_a"].pk,
        visits=[{"household_id": tree["household_a"].pk}],
        findings=[{"category": "safety", "description": "楼道堆物", "disposition": "fixed"}],
    )
    assessment = assessment_apply(actor=desk, household_id=tree["household_a"].pk)
    Mediator.objects.create(name="陈德明", kind="five_elders", territory=tree["community_a"])
    dispute = dispute_register(
        actor=desk,
        territory_id=tree["grid_a"].pk,
        source="walk_in",
        kind="neighbour",
        summary="噪音纠纷",
        parties=[{"name": "王秀英", "phone": "13912345678"}],
    )
    return {
        "gw": gw_user,
        "worker": worker,
        "desk": desk,
        "patrol": patrol,
        "assessment": assessment,
        "dispute": dispute,
        "official": user_with_role(Role.CITY_ADMIN, tree["city"], username="cityadmin"),
        "outsider": user_with_role(Role.COMMUNITY_WORKER, tree["community_b"], username="outsider"),
    }


def test_every_page_renders_for_staff_in_scope(client, tree, world):
    client.force_login(world["desk"])
    pages = [
        "/patrols/?period=week",
        "/patrols/?period=month",
        "/patrols/log/",
        f"/patrols/due/?grid_worker={world['worker'].pk}",
        f"/patrols/{world['patrol'].pk}/",
        "/safety/",
        f"/safety/{world['assessment'].pk}/",
        "/mediation/",
        f"/mediation/{world['dispute'].pk}/",
    ]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
    body = client.get(f"/mediation/{world['dispute'].pk}/").content.decode()
    assert "王秀英" in body  # the desk registered it: it supervises the case
    client.force_login(world["official"])
    assert "王**" in client.get(f"/mediation/{world['dispute'].pk}/").content.decode()
    assert "王秀英" not in client.get("/mediation/?period=year").content.decode()


def test_the_phone_form_logs_a_patrol(client, tree, world):
    client.force_login(world["gw"])
    form = client.get("/patrols/log/").content.decode()
    assert "一键转为诉求" in form and "独居老人" in form
    r = client.post(
        "/patrols/log/",
        {
            "territory_id": tree["grid_a"].pk,
            "patroller": f"g-{world['worker'].pk}",
            "client_key": "k1",
            "route": "117.36,32.94;117.361,32.94",
            "households": [tree["household_a"].pk],
            "finding_0_category": "property",
            "finding_0_description": "路灯坏了",
            "finding_0_disposition": "fixed",
        },
    )
    assert r.status_code == 302
    p = Patrol.objects.get(client_key="k1")
    assert p.visits.count() == 1 and p.findings.get().description == "路灯坏了" and len(p.route) == 2


def test_out_of_scope_pages_and_api_read_like_missing(client, tree, world):
    client.force_login(world["outsider"])
    for url in (
        f"/patrols/{world['patrol'].pk}/",
        f"/safety/{world['assessment'].pk}/",
        f"/mediation/{world['dispute'].pk}/",
        f"/patrols/?territory={tree['grid_a'].pk}",
        f"/api/v1/patrols/{world['patrol'].pk}/",
        f"/api/v1/safe-household-assessments/{world['assessment'].pk}/",
        f"/api/v1/disputes/{world['dispute'].pk}/",
        f"/api/v1/patrols/review/?territory={tree['grid_a'].pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/patrols/").json()["count"] == 0
    assert client.get("/api/v1/disputes/").json()["count"] == 0


def test_the_api_serves_review_due_list_and_figures_per_node_and_period(client, tree, world):
    client.force_login(world["official"])
    review = client.get(
        f"/api/v1/patrols/review/?territory={tree['community_a'].pk}&period=week&date=2024-05-08"
    ).json()
    assert review["total"]["patrols"] == 1 and review["rows"][0]["by_category"]["safety"] == 1
    due = client.get(f"/api/v1/patrols/due/?grid_worker={world['worker'].pk}").json()
    assert due[0]["status"] == "ok" and due[0]["interval_days"] == 7
    safety = client.get("/api/v1/safe-household-assessments/figures/?period=year&date=2024-01-01").json()
    assert figure(safety, "safety.applications")["value"] == 1 and safety["children"]
    mediation = client.get("/api/v1/disputes/figures/?period=month&date=2024-05-01").json()
    assert figure(mediation, "mediation.received")["value"] == 1
    patrols = client.get("/api/v1/patrols/figures/?period=2024-05").json()
    assert [a["area"] for a in patrols["areas"]] == ["patrols"] and figure(patrols, "patrols.patrols")[
        "value"
    ] == 1
    r = client.post(
        f"/api/v1/disputes/{world['dispute'].pk}/transition/",
        {"action": "agree", "agreement": "x"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "illegal_transition"


def test_review_exports_to_excel(client, tree, world):
    client.force_login(world["desk"])
    r = client.get("/patrols/?period=week&format=xlsx")
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("网格", "网格员", "巡访次数") and rows[1][2] == 1
    street = client.get(
        "/patrols/", {"period": "week", "territory": tree["community_a"].pk, "format": "xlsx"}
    )
    grids = [
        r[0] for r in list(load_workbook(io.BytesIO(street.content)).active.iter_rows(values_only=True))[1:]
    ]
    assert "A第一网格" in grids  # under the community its grids need no more
    world["desk"].roles.update(territory=tree["street_a"])
    html = client.get("/patrols/", {"period": "week", "territory": tree["street_a"].pk}).content.decode()
    assert "<td>A社区 · A第一网格</td>" in html  # at the street, each grid says its community
    for url in ("/safety/?format=xlsx", "/mediation/?format=xlsx"):
        assert client.get(url)["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    "registry",
    [
        "duty-rules",
        "patrols",
        "patrol-visits",
        "patrol-findings",
        "safe-household-assessments",
        "mediators",
        "disputes",
        "dispute-parties",
    ],
)
def test_every_register_exports_and_reimports_unchanged(tree, world, registry):
    # Parties come back whole only from the case's supervisor: others export them masked.
    actor = world["desk"] if registry == "dispute-parties" else world["official"]
    data = registry_export(actor=actor, registry=registry)
    assert len(data) >= 1
    result = registry_import(actor=actor, registry=registry, dataset=data)
    assert result.created == 0 and result.updated == 0


def test_a_file_with_one_bad_row_writes_nothing(tree, world):
    before = DutyRule.objects.count()
    data = tablib.Dataset(headers=["名称", "类型", "居民标签", "走访周期(天)", "适用辖区", "启用"])
    data.append(["退役军人必访", "必访", "退役军人", "30", tree["city"].division_code, "是"])
    data.append(
        ["空巢老人必访", "必访", "", "", tree["city"].division_code, "是"]
    )  # 必访 needs a tag and an interval
    with pytest.raises(ImportRejected) as err:
        registry_import(actor=world["official"], registry="duty-rules", dataset=data)
    assert err.value.errors[0][0] == 3
    assert DutyRule.objects.count() == before


def test_the_party_register_exports_masked_to_staff_who_do_not_supervise(tree, world):
    data = registry_export(actor=world["official"], registry="dispute-parties")
    assert data.dict[0]["姓名"] == "王**" and data.dict[0]["手机号"] == "139****5678"
    with pytest.raises(ImportRejected, match="调解员或督导人"):  # a masked file cannot overwrite the parties
        registry_import(actor=world["official"], registry="dispute-parties", dataset=data)
    data = registry_export(actor=world["desk"], registry="dispute-parties")
    assert data.dict[0]["姓名"] == "王秀英"


def test_clock_is_frozen(world):
    assert world["patrol"].date == dt.date(2024, 5, 8)


def test_a_review_page_steps_to_the_previous_and_next_period_of_any_written_form(client, tree, world):
    client.force_login(world["official"])
    page = client.get("/patrols/", {"territory": tree["community_a"].pk, "period": "2024-05-01..2024-05-10"})
    assert page.status_code == 200
    assert page.context["prev_query"].endswith("period=2024-04-21..2024-04-30")
    assert client.get("/patrols/?" + page.context["prev_query"]).status_code == 200
    week = client.get(
        "/patrols/", {"territory": tree["community_a"].pk, "period": "week", "date": "2024-05-08"}
    )
    assert week.context["next_query"].endswith("period=2024-W20")
