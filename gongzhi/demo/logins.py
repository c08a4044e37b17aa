"""One login per role, bound to sensible nodes of the demo city, plus the superuser `admin`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from gongzhi.people.models import (
    CommunityWorker,
    Council,
    GridWorker,
    PartyOrg,
    Resident,
    RoleAssignment,
    User,
)
from gongzhi.people.roles import Role
from gongzhi.people.services import role_grant
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Level
from gongzhi.territory.models import Territory

PASSWORD = "gongzhi-demo"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "gongzhi-admin"


@dataclass
class Login:
    username: str
    role: str  # Chinese label
    scope: str
    password: str


def _first(qs):
    return qs.order_by("path").first()


def _pick_nodes(city: Territory) -> dict[str, Territory]:
    """Choose the node each demo role works on: a grid of the first street of the first district."""
    district = _first(Territory.objects.subtree(city).filter(level=Level.DISTRICT)) or city
    street = _first(Territory.objects.subtree(district).filter(level=Level.STREET))
    grids = Territory.objects.filter(level=Level.GRID, grid_workers__isnull=False).distinct()
    grid = _first(grids.subtree(street)) if street else None
    if grid is None:  # a small demo may have left the first street without grids
        grid = _first(grids.subtree(city))
        street = grid and Territory.objects.get(path=grid.path[: -2 * Territory.steplen])
        district = street and street.get_parent()
    if grid is None:
        raise RuntimeError("演示数据中没有网格，无法绑定账号")
    community = Territory.objects.get(path=grid.path[: -Territory.steplen])
    units = Territory.objects.subtree(community).filter(level__in=BRANCH_UNIT_LEVELS)
    branch_unit = _first(units.filter(party_orgs__kind="branch").distinct()) or grid
    council_unit = _first(units.filter(councils__isnull=False).distinct()) or branch_unit
    household = _first(
        Territory.objects.subtree(grid).filter(level=Level.HOUSEHOLD, residents__isnull=False).distinct()
    )
    return {
        Role.RESIDENT: household,
        Role.GRID_WORKER: grid,
        Role.COMMUNITY_WORKER: community,
        Role.BRANCH_SECRETARY: branch_unit,
        Role.COUNCIL_MEMBER: council_unit,
        Role.STREET_OFFICIAL: street,
        Role.DISTRICT_OFFICIAL: district,
        Role.CITY_ADMIN: city,
        Role.DEPARTMENT_HANDLER: district,
    }


def logins_create(*, city: Territory, people) -> None:
    """Create the demo logins once; a login that exists already is left as it is."""
    with transaction.atomic():
        nodes = _pick_nodes(city)
        hashed = make_password(PASSWORD)  # one hash for all: hashing is deliberately slow
        for role, node in nodes.items():
            if User.objects.filter(username=role.value).exists():
                continue
            display = _display_name(role, node, people)
            user = User.objects.create(username=role.value, password=hashed, display_name=display)
            role_grant(actor=None, user=user, role=role, territory=node)
            _link_record(role, node, user)
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create(
                username=ADMIN_USERNAME,
                password=make_password(ADMIN_PASSWORD),
                display_name="系统管理员",
                is_staff=True,
                is_superuser=True,
            )


def _display_name(role: str, node: Territory, people) -> str:
    if role == Role.RESIDENT:
        r = Resident.objects.filter(household=node).order_by("id").first()
        return r.name if r else people.name("female")
    if role == Role.GRID_WORKER:
        w = GridWorker.objects.filter(territory=node, user__isnull=True).order_by("id").first()
        return w.name if w else people.name("male")
    if role == Role.COMMUNITY_WORKER:
        w = (
            CommunityWorker.objects.filter(territory=node, user__isnull=True)
            .exclude(id_number="")
            .order_by("id")
            .first()
        )
        return w.name if w else people.name("female")
    if role == Role.BRANCH_SECRETARY:
        b = PartyOrg.objects.filter(territory=node, kind="branch").first()
        return b.secretary_name if b else people.name("male")
    if role == Role.COUNCIL_MEMBER:
        c = Council.objects.filter(territory=node).first()
        plain = [m for m in (c.members.order_by("id") if c else []) if "chair" not in m.roles]
        return plain[0].name if plain else people.name("male")
    return people.name("male")


def _link_record(role: str, node: Territory, user: User) -> None:
    """Tie the login to the registry record of the same person, where there is one."""
    if role == Role.RESIDENT:
        first = Resident.objects.filter(household=node).order_by("id").values("pk")[:1]
        Resident.objects.filter(pk__in=first).update(user=user)
    elif role == Role.GRID_WORKER:
        first = GridWorker.objects.filter(territory=node, user__isnull=True).order_by("id").values("pk")[:1]
        GridWorker.objects.filter(pk__in=first).update(user=user)
    elif role == Role.COMMUNITY_WORKER:
        first = (
            CommunityWorker.objects.filter(territory=node, user__isnull=True)
            .exclude(id_number="")
            .order_by("id")
        )
        CommunityWorker.objects.filter(pk__in=first.values("pk")[:1]).update(user=user)


def login_table() -> list[Login]:
    """List the demo logins with their role, the node they work on and their password."""
    out = []
    for role in Role:
        for a in RoleAssignment.objects.filter(user__username=role.value, role=role).select_related(
            "territory"
        ):
            t = a.territory
            out.append(Login(role.value, str(role.label), _node_label(t), PASSWORD))
    if User.objects.filter(username=ADMIN_USERNAME, is_superuser=True).exists():
        out.append(Login(ADMIN_USERNAME, "超级管理员", "全部", ADMIN_PASSWORD))
    return out


def _node_label(t: Territory) -> str:
    if t.level in (Level.HOUSEHOLD, Level.BUILDING) and t.address:
        return t.address
    ancestors = Territory.objects.filter(
        path__in=[t.path[:i] for i in range(Territory.steplen, len(t.path), Territory.steplen)],
        level__in=[Level.STREET, Level.COMMUNITY],
    ).order_by("depth")
    names = [a.name for a in ancestors] + [t.name]
    code = f"（{t.division_code}）" if t.division_code else f"（id {t.pk}）"
    return "".join(names) + code


def login_at(username: str, role: str) -> tuple[User | None, Territory | None]:
    """Return a demo login and the node its `role` is held on (None, None when the demo has no such login)."""
    user = User.objects.filter(username=username, is_active=True).first()
    grant = (
        RoleAssignment.objects.filter(user=user, role=role).select_related("territory").first()
        if user
        else None
    )
    return user, grant.territory if grant else None
