"""党员亮身份: the cards the residents of a community see, and the same cards for staff over an area.

A card shows a member's name, branch, public post (or work unit), the pledges they published
(亮诺亮绩, kept by volunteering) and how many orders they took and resolved (党员接单: demands
resolved by the member's login, read from the demands' events). Never an ID number or a phone.
A member who opted out (`hidden`) is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.demands.models import DemandEvent
from gongzhi.people.models import PartyMember
from gongzhi.people.nodes import resident_communities
from gongzhi.people.scope import in_scope, is_staff_viewer
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.volunteering.models import Pledge, Volunteer
from gongzhi.workforce.models import MemberCard

MAX_CARDS = 300


@dataclass
class Card:
    member_id: int
    name: str
    branch: str
    post: str
    community: str
    photo: bool
    pledges: list[Pledge] = field(default_factory=list)
    orders_done: int = 0


def visible_communities(*, actor) -> list[Territory]:
    """Return the communities whose cards a resident sees: where they live or hold a role."""
    return resident_communities(actor) if getattr(actor, "is_authenticated", False) else []


def members_under(node: Territory) -> QuerySet[PartyMember]:
    return (
        PartyMember.objects.filter(territory__path__range=subtree_bounds(node.path))
        .exclude(card__hidden=True)
        .select_related("party_org", "territory", "card")
        .order_by("territory__path", "name", "id")
    )


def logins_of(members: list[PartyMember]) -> dict[int, set[int]]:
    """Return the logins each member acts through: the card's, and the volunteer record's."""
    out: dict[int, set[int]] = {}
    for m in members:
        card = getattr(m, "card", None)
        if card is not None and card.user_id:
            out.setdefault(m.pk, set()).add(card.user_id)
    for member_id, user_id in Volunteer.objects.filter(
        party_member__in=[m.pk for m in members], user__isnull=False
    ).values_list("party_member_id", "user_id"):
        out.setdefault(member_id, set()).add(user_id)
    return out


def orders_done(users: set[int]) -> dict[int, int]:
    """Count the demands each login resolved (党员接单 → 办结), once per demand."""
    if not users:
        return {}
    rows = (
        DemandEvent.objects.order_by()
        .filter(action="resolve", actor_id__in=users)
        .values_list("actor_id")
        .annotate(n=Count("demand_id", distinct=True))
    )
    return dict(rows)


def cards_for(*, node: Territory, limit: int = MAX_CARDS) -> list[Card]:
    """Return the public cards of the party members reporting to `node` and below."""
    members = list(members_under(node)[:limit])
    logins = logins_of(members)
    done = orders_done({u for us in logins.values() for u in us})
    pledges: dict[int, list[Pledge]] = {}
    for p in Pledge.objects.filter(
        party_member__in=[m.pk for m in members], published_at__isnull=False
    ).order_by("-year"):
        pledges.setdefault(p.party_member_id, []).append(p)
    out = []
    for m in members:
        card = getattr(m, "card", None)
        out.append(
            Card(
                member_id=m.pk,
                name=m.name,
                branch=m.party_org.name,
                post=(card.public_post if card and card.public_post else m.work_unit) or "党员",
                community=m.territory.name,
                photo=bool(card and card.photo),
                pledges=pledges.get(m.pk, []),
                orders_done=sum(done.get(u, 0) for u in logins.get(m.pk, ())),
            )
        )
    return out


def card_photo(*, actor, member_id) -> MemberCard:
    """Return a card whose photo `actor` may see: staff over it, or a resident of its community."""
    try:
        card = MemberCard.objects.select_related("party_member__territory").get(
            party_member_id=int(member_id), hidden=False
        )
    except (MemberCard.DoesNotExist, TypeError, ValueError):
        raise NotFound("未找到。")
    path = card.party_member.territory.path
    if not card.photo:
        raise NotFound("未找到。")
    if is_staff_viewer(actor) and in_scope(actor, path):
        return card
    if any(path.startswith(c.path) for c in visible_communities(actor=actor)):
        return card
    raise NotFound("未找到。")
