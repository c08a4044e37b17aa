"""Which department or unit supplied a registry row, and when (一部门采集、多部门共享).

A write made with a department key names the key's department; any other write
names the writer's top role node and role, e.g. 「东风社区 社区工作者」. The key's
app marks the user object it authenticates with `act_for_department`, so this
module never needs to know about keys (people sits below the exchange app).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Model
from django.utils import timezone, translation

from gongzhi.people.roles import EDITOR_ROLES, Role

# The two columns every registry row carries (models.base.ProvenanceModel), shown read-only everywhere.
PROVENANCE_FIELDS = ("source_unit", "supplied_at")
DEPARTMENT_ATTR = "_gongzhi_department"
# Rows written without any account: the command-line import run without --user.
SYSTEM_UNIT = "系统导入"
# A superuser who holds no role over any node.
ADMIN_UNIT = "系统管理员"
MAX_LENGTH = 100
_SENIORITY = {role: i for i, role in enumerate(Role.values)}


def act_for_department(user, department: str) -> None:
    """Mark a user object as writing for a department, so its rows name that department as their source."""
    setattr(user, DEPARTMENT_ATTR, department)


def department_of(user) -> str:
    """Return the department a user object writes for ("" when it writes as itself)."""
    return getattr(user, DEPARTMENT_ATTR, "") or ""


def _role_nodes(user) -> list[tuple[int, str, str, str]]:
    # One query per user object, however many rows an import writes.
    cache = getattr(user, "_gongzhi_role_nodes", None)
    if cache is None:
        cache = list(user.roles.values_list("territory__depth", "territory__path", "territory__name", "role"))
        user._gongzhi_role_nodes = cache
    return cache


def source_unit_of(actor, *, path: str | None = None) -> str:
    """Name the unit a write comes from: the key's department, else the writer's top role node and role.

    Among the writer's roles, those that let them edit the row at `path` come first,
    so a community worker in A who is also a street official over B is named after
    A when writing in A.
    """
    if actor is None:
        return SYSTEM_UNIT
    department = department_of(actor)
    if department:
        return department[:MAX_LENGTH]
    nodes = _role_nodes(actor)
    if not nodes:
        return ADMIN_UNIT if getattr(actor, "is_superuser", False) else str(actor)[:MAX_LENGTH]

    def rank(node: tuple[int, str, str, str]) -> tuple:
        depth, node_path, _, role = node
        covers = path is not None and path.startswith(node_path)
        editor = role in EDITOR_ROLES
        return (not (covers and editor), not editor, depth, -_SENIORITY.get(role, 0))

    _, _, name, role = min(nodes, key=rank)
    # Stored text stays in the site's language whatever language the writer's page is in.
    with translation.override(settings.LANGUAGE_CODE):
        label = str(Role(role).label)
    return f"{name} {label}"[:MAX_LENGTH]


def stamp(instance: Model, *, actor, path: str | None = None) -> None:
    """Record on a registry row who supplies this write and when; the caller saves or deletes it."""
    if not hasattr(instance, "source_unit"):
        return
    instance.source_unit = source_unit_of(actor, path=path)
    instance.supplied_at = timezone.now()
