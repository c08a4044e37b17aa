"""Who may see what: pay and scores only for the person, their assessors and the levels above.

A person's pay and scores (年度报酬, 考核等次, 后备人选成绩) are shown to the person themselves
(the login linked to their record), to street officials and above over their community
(`ASSESSOR_ROLES`), and to superusers; everyone else in scope sees the register without them.
"""

from __future__ import annotations

from gongzhi.people.scope import needs_personal_data, roles_at, roles_of
from gongzhi.workforce.workflow import ASSESSOR_ROLES, PAY_TABLE_ROLES


def is_assessor_over(actor, path: str) -> bool:
    """Tell whether `actor` assesses the unit at `path` (street official or above over it)."""
    return bool(getattr(actor, "is_superuser", False) or roles_at(actor, path) & ASSESSOR_ROLES)


def is_assessor(actor) -> bool:
    """Tell whether `actor` assesses anywhere at all (street official or above)."""
    return bool(getattr(actor, "is_superuser", False) or roles_of(actor) & ASSESSOR_ROLES)


def sets_pay_tables(actor, path: str | None = None) -> bool:
    if getattr(actor, "is_superuser", False):
        return True
    held = roles_at(actor, path) if path is not None else roles_of(actor)
    return bool(held & PAY_TABLE_ROLES)


def sees_pay(actor, *, path: str, user_id: int | None) -> bool:
    """Tell whether `actor` may see the pay and scores of the person at `path` with login `user_id`."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return (user_id is not None and user_id == actor.pk) or is_assessor_over(actor, path)


def sees_phones(actor, path: str | None = None) -> bool:
    return needs_personal_data(actor, path)
