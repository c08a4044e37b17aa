"""Demo 一中心四平台: four platforms on every street, rules routing to them in some streets, members.

Idempotent: what exists is kept, only what is missing is created, so a demo built before the
platforms gets them on the next run (its past demands stay where they were dispatched).
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from gongzhi.demands.models import Category, DispatchRule, Handler, HandlerKind, Platform
from gongzhi.demands.routing import forget
from gongzhi.demo.logins import PASSWORD, login_at
from gongzhi.people.models import User
from gongzhi.people.roles import Role
from gongzhi.people.services import role_grant
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory

# Which platform takes a category in the streets that route through their platforms. Disputes
# go to 综合治理 there (矛盾纠纷化解 is its core work in Lufeng); elsewhere the councils keep them.
PLATFORM_OF = {
    "dispute_mediation": Platform.GOVERNANCE,
    "petition_stability": Platform.GOVERNANCE,
    "elder_child_care": Platform.PUBLIC_SERVICE,
    "volunteer_service": Platform.PUBLIC_SERVICE,
    "property": Platform.ENFORCEMENT,
    "safety": Platform.EMERGENCY,
}
SAMPLE_EVERY = 4  # besides the demo logins' street, every fourth street (in tree order) routes to them
MEMBER_NAMES = {
    Platform.GOVERNANCE: "陈志强",
    Platform.PUBLIC_SERVICE: "刘春梅",
    Platform.ENFORCEMENT: "张建国",
    Platform.EMERGENCY: "王海涛",
}
BATCH = 5000


def platforms_build(*, city: Territory) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Create the missing platforms, rules and members; return the routes and what was made.

    Routes: street path → category code → platform handler id, for the streets with rules.
    """
    streets = list(
        Territory.objects.subtree(city).filter(level=Level.STREET).defer("boundary").order_by("path")
    )
    have = {
        (t, p): pk
        for pk, t, p in Handler.objects.filter(territory__in=streets)
        .exclude(platform="")
        .values_list("pk", "territory_id", "platform")
    }
    new = [
        Handler(name=f"{s.name}{label}平台", kind=HandlerKind.DEPARTMENT, territory=s, platform=value)
        for s in streets
        for value, label in Platform.choices
        if (s.pk, value) not in have
    ]
    for h in Handler.objects.bulk_create(new, batch_size=BATCH):
        have[(h.territory_id, h.platform)] = h.pk
    home = _home_street(city)
    chosen = [s for i, s in enumerate(streets) if i % SAMPLE_EVERY == 0 or (home and s.pk == home.pk)]
    categories = {c.code: c.pk for c in Category.objects.filter(code__in=PLATFORM_OF, active=True)}
    ruled = set(
        DispatchRule.objects.filter(handler_id__in=have.values()).values_list("category_id", "territory_id")
    )
    routes: dict[str, dict[str, int]] = {}
    rules = []
    for s in chosen:
        for code, platform in PLATFORM_OF.items():
            if code not in categories:
                continue
            routes.setdefault(s.path, {})[code] = have[(s.pk, platform)]
            if (categories[code], s.pk) not in ruled:
                rules.append(
                    DispatchRule(category_id=categories[code], territory=s, handler_id=have[(s.pk, platform)])
                )
    DispatchRule.objects.bulk_create(rules, batch_size=BATCH)
    members = _members(home, have) if home else 0
    forget()  # bulk inserts send no signals: let routing read the new handlers and rules now
    made = {"platforms": len(new), "rules": len(rules), "streets": len(routes), "members": members}
    return routes, made


def _home_street(city: Territory) -> Territory | None:
    """Return the street of the demo logins (东风街道 in Bengbu), when the demo has them."""
    _, node = login_at(Role.STREET_OFFICIAL.value, Role.STREET_OFFICIAL)
    if node is None or node.level != Level.STREET or not node.path.startswith(city.path):
        return None
    return node


def _members(street: Territory, have: dict[tuple[int, str], int]) -> int:
    """Give each platform of the home street one login, where the demo has department handlers."""
    if not User.objects.filter(username=Role.DEPARTMENT_HANDLER.value).exists():
        return 0
    hashed = ""
    made = 0
    for value in Platform.values:
        username = f"platform_{value}"
        user = User.objects.filter(username=username).first()
        if user is None:
            hashed = hashed or make_password(PASSWORD)  # one hash for all: hashing is deliberately slow
            user = User.objects.create(username=username, password=hashed, display_name=MEMBER_NAMES[value])
            made += 1
        role_grant(actor=None, user=user, role=Role.DEPARTMENT_HANDLER, territory=street)
        Handler.objects.get(pk=have[(street.pk, value)]).members.add(user)
    return made
