import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from shapely.geometry import shape
from shapely.ops import unary_union

from gongzhi.core.validators import id_number_problem, phone_problem
from gongzhi.demo.cities import PROFILE, SCALE_PRESETS
from gongzhi.demo.logins import ADMIN_USERNAME
from gongzhi.people.models import (
    CommunityWorker,
    Council,
    CouncilMember,
    GridWorker,
    PartnerUnit,
    PartyMember,
    PoliceOfficer,
    Resident,
    SpecialistTeam,
    User,
)
from gongzhi.people.roles import Role
from gongzhi.people.selectors import coverage
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Kind, Level
from gongzhi.territory.models import Territory
from gongzhi.territory.selectors import territory_count

BOUNDARIES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "boundaries"
SCALE = SCALE_PRESETS["small"]
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

pytestmark = pytest.mark.skipif(not BOUNDARIES.is_dir(), reason="needs ../shared/data/boundaries")


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--scale", "small", "--boundaries", str(BOUNDARIES), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build one small Bengbu demo for the whole module, rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        with transaction.atomic():
            output = run_demo()
            yield output
            transaction.set_rollback(True)


@pytest.fixture
def bengbu(demo, db):
    return Territory.objects.get(division_code="340300000000")


def test_the_territory_matches_the_official_division_list(bengbu):
    assert territory_count(node=bengbu, level=Level.STREET) == 87
    assert territory_count(node=bengbu, level=Level.COMMUNITY) == 1157


def test_units_per_village_and_community_follow_bengbu_ratios_at_the_chosen_scale(bengbu):
    communities = Territory.objects.subtree(bengbu).filter(level=Level.COMMUNITY)
    villages = communities.filter(kind=Kind.RURAL).count()
    urban = communities.exclude(kind=Kind.RURAL).count()
    natural = territory_count(node=bengbu, level=Level.NATURAL_VILLAGE)
    grids_and_compounds = territory_count(node=bengbu, level=Level.GRID) + territory_count(
        node=bengbu, level=Level.COMPOUND
    )
    assert natural / villages == pytest.approx(PROFILE.units_per_village * SCALE, abs=0.1)
    assert grids_and_compounds / urban == pytest.approx(PROFILE.units_per_community * SCALE, abs=0.15)


def test_the_tree_is_consistent_for_treebeard(bengbu):
    # Wrong numchild or depth would break get_children() and the tree pages.
    assert all(not problems for problems in Territory.find_problems())


def test_coverage_is_high_but_not_complete_and_councils_pair_with_branches(bengbu):
    figures = coverage(node=bengbu)
    assert 0.85 < figures.branch_rate < 1
    assert figures.council_rate < figures.branch_rate
    assert 5 <= figures.members_per_council <= 7
    assert figures.party_members_in_service > 0
    assert figures.households_linked > 0
    for council in Council.objects.select_related("branch")[:200]:
        assert council.branch.territory_id == council.territory_id
        assert council.members.filter(roles__icontains="chair").count() == 1


def test_every_generated_id_number_and_phone_is_valid(bengbu):
    ids = list(Resident.objects.values_list("id_number", flat=True))
    ids += PartyMember.objects.values_list("id_number", flat=True)
    for model in (GridWorker, CommunityWorker):
        ids += model.objects.exclude(id_number="").values_list("id_number", flat=True)
    assert len(ids) > 10000
    assert [i for i in ids if id_number_problem(i)] == []
    assert len(set(Resident.objects.values_list("id_number", flat=True))) == Resident.objects.count()
    phones = []
    for model in (
        Resident,
        PartyMember,
        CouncilMember,
        GridWorker,
        CommunityWorker,
        PoliceOfficer,
        SpecialistTeam,
        PartnerUnit,
    ):
        phones += model.objects.exclude(phone="").values_list("phone", flat=True)
    assert len(phones) > 10000
    assert [p for p in phones if phone_problem(p)] == []


def test_each_role_has_a_login_bound_to_a_node_of_the_city(bengbu, demo):
    for role in Role:
        user = User.objects.get(username=role.value)
        assignment = user.roles.get()
        assert assignment.role == role
        assert assignment.territory.path.startswith(bengbu.path)
        assert role.value in demo  # the table printed for the user
    assert User.objects.get(username=ADMIN_USERNAME).is_superuser
    grid_worker = User.objects.get(username="grid_worker")
    assert grid_worker.grid_worker.territory == grid_worker.roles.get().territory
    resident = User.objects.get(username="resident")
    assert resident.resident.household == resident.roles.get().territory
    assert grid_worker.check_password("gongzhi-demo")


def test_a_second_run_changes_no_row_counts(bengbu):
    models = [m for m in apps.get_models() if m._meta.app_label in {"territory", "people"}]
    before = {m._meta.label: m._default_manager.count() for m in models}
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        output = run_demo()
    after = {m._meta.label: m._default_manager.count() for m in models}
    assert after == before
    assert "跳过" in output


def test_every_unit_and_building_point_lies_inside_its_district_polygon(bengbu):
    districts = list(Territory.objects.subtree(bengbu).filter(level=Level.DISTRICT))
    shapes = {d.path: shape(d.boundary) for d in districts if d.boundary}
    assert len(shapes) == 7  # the two development zones have no published polygon
    city = unary_union(list(shapes.values()))
    points = Territory.objects.subtree(bengbu).filter(level__in=[*BRANCH_UNIT_LEVELS, Level.BUILDING])
    checked = 0
    for path, lng, lat in points.values_list("path", "lng", "lat"):
        area = shapes.get(path[: 3 * Territory.steplen], city)
        assert area.contains(shape({"type": "Point", "coordinates": (lng, lat)})), path
        checked += 1
    assert checked > 1000
