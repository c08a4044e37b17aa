"""The workforce figures in the analytics contract, the command line, and the members' public cards."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from gongzhi.core.figures import definitions, providers
from gongzhi.core.periods import parse_period
from gongzhi.demands.models import Category, Demand, DemandEvent
from gongzhi.people.tests.factories import CommunityWorkerFactory, PartyMemberFactory, UserFactory
from gongzhi.volunteering.models import Pledge
from gongzhi.workforce.indicators import for_children, for_node, pay_year
from gongzhi.workforce.models import CommunityPopulation, MemberCard
from gongzhi.workforce.tests.factories import PostingFactory, WorkerGradeFactory
from gongzhi.workforce.workflow import PostingKind

pytestmark = pytest.mark.django_db


def test_the_figures_are_registered_with_the_analytics_contract():
    [provider] = providers(["workforce"])
    keys = {d.key for d in provider.definitions}
    assert {"workforce.staffing_ratio", "workforce.staffing_shortfall", "workforce.first_secretary_coverage",
            "workforce.police_coverage", "workforce.council_trained_share", "workforce.member_trained_share",
            "workforce.training_hours", "workforce.average_pay"} <= keys  # fmt: skip
    assert all(definitions()[k].area == "workforce" for k in keys)


def test_figures_per_node_and_per_child(tree, staff, post_types, pay_table, clock):
    # given: A has 2 workers for 1,000 people; 甲村 a first secretary; pay computed for 2025
    for _ in range(2):
        WorkerGradeFactory(
            worker=CommunityWorkerFactory(territory=tree["community_a"]), post_type=post_types["staff"]
        )
    CommunityPopulation.objects.create(
        territory=tree["community_a"], year=2026, urban_resident_population=1_000
    )
    PostingFactory(kind=PostingKind.FIRST_SECRETARY, territory=tree["village_a"])
    call_command("workforce", "pay", "--year", "2025")
    period = parse_period("2026-02")
    assert pay_year(period) == 2025 and pay_year(parse_period("2025")) == 2025
    # when
    city = for_node(node=tree["city"], period=period)
    # then
    assert (city["workforce.staffing_ratio"].value, city["workforce.staffing_ratio"].denominator) == (
        20.0,
        1000,
    )
    assert city["workforce.staffing_shortfall"].value == 0
    assert city["workforce.first_secretary_coverage"].value == 1.0
    assert city["workforce.police_coverage"].value == 0.0
    assert city["workforce.average_pay"].value == 38400.0  # 专职 1 级 3,200 × 12
    children = for_children(
        node=tree["city"], period=period, children=[tree["district_a"], tree["district_b"]]
    )
    assert children[tree["district_a"].pk]["workforce.pay_total"].value == 76800
    assert "workforce.staffing_ratio" not in children[tree["district_b"].pk]  # no population: no ratio


def test_the_pay_command_prints_a_table_then_json_and_fails_with_one_line(
    tree, post_types, pay_table, clock, capsys
):
    WorkerGradeFactory(
        worker=CommunityWorkerFactory(territory=tree["community_a"]), post_type=post_types["staff"]
    )
    call_command("workforce", "pay", "--year", "2025")
    out = capsys.readouterr().out.strip().splitlines()
    assert json.loads(out[-1])["workers"] == 1 and any(line.startswith("合计") for line in out)
    with pytest.raises(CommandError) as exc:
        call_command("workforce", "pay", "--year", "2024")
    assert "还没有 2024 年的报酬标准" in str(exc.value) and "\n" not in str(exc.value)
    with pytest.raises(CommandError):
        call_command("workforce", "staffing", "--under", "000000000000")


def test_residents_see_their_communitys_members_with_published_pledges_and_orders_done(
    client, tree, staff, clock
):
    shown = PartyMemberFactory(
        territory=tree["community_a"], name="党员甲", phone="13912345678", work_unit="市一中"
    )
    login = UserFactory()
    MemberCard.objects.create(party_member=shown, public_post="楼栋长", user=login)
    hidden = PartyMemberFactory(territory=tree["community_a"], name="党员乙")
    MemberCard.objects.create(party_member=hidden, hidden=True)
    PartyMemberFactory(territory=tree["community_b"], name="党员丙")
    Pledge.objects.create(party_member=shown, territory=tree["community_a"], year=2026, promise="每月走访十户",
                          published_at=timezone.now())  # fmt: skip
    Pledge.objects.create(
        party_member=shown, territory=tree["community_a"], year=2025, promise="未公示的承诺"
    )
    category = Category.objects.first()
    for i in range(2):
        d = Demand.objects.create(territory=tree["household_a"], category=category, channel="self_report",
                                  text="楼道灯坏了", idempotency_key=f"card{i}", state="resolved")  # fmt: skip
        DemandEvent.objects.create(demand=d, actor=login, action="resolve", to_state="resolved")
        DemandEvent.objects.create(
            demand=d, actor=login, action="resolve", to_state="resolved"
        )  # reopened, again
    client.force_login(staff["resident_a"])
    page = client.get("/workforce/cards/").content.decode()
    assert "党员甲" in page and "楼栋长" in page and "每月走访十户" in page
    assert "未公示的承诺" not in page and "党员乙" not in page and "党员丙" not in page
    assert "13912345678" not in page and shown.id_number not in page
    assert "接单办结 <strong>2</strong> 件" in page


def test_a_member_changes_their_own_card_and_a_photo_is_served_only_to_their_community(
    client, tree, staff, clock, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    member = PartyMemberFactory(territory=tree["community_a"])
    own = UserFactory()
    MemberCard.objects.create(party_member=member, user=own)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    client.force_login(own)
    r = client.post(f"/workforce/cards/{member.pk}/edit/", {"public_post": "政策宣传员", "hidden": "",
                    "photo": SimpleUploadedFile("我.png", png, "image/png")})  # fmt: skip
    assert r.status_code == 302
    card = MemberCard.objects.get()
    assert (
        card.public_post == "政策宣传员" and card.photo.name.endswith(".png") and "我" not in card.photo.name
    )
    client.force_login(staff["resident_a"])
    assert client.get(f"/workforce/cards/{member.pk}/photo/").status_code == 200
    client.force_login(staff["desk_b"])
    assert client.get(f"/workforce/cards/{member.pk}/photo/").status_code == 404
    assert client.post(f"/workforce/cards/{member.pk}/edit/", {"public_post": "x"}).status_code == 404
