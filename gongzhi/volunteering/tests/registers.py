"""One record in every register of volunteering, points and property, for the Excel tests."""

from __future__ import annotations

import datetime as dt

from gongzhi.core.periods import parse_period
from gongzhi.people.tests.factories import PartyMemberFactory, ResidentFactory
from gongzhi.points.models import PointRule, ShopItem
from gongzhi.points.rolls import roll_publish
from gongzhi.points.services import account_for, points_apply_rule, points_redeem
from gongzhi.property.models import (
    CommitteeMember,
    Compound,
    CompoundRating,
    CrossAppointment,
    OwnersCommittee,
    PropertyCompany,
)
from gongzhi.territory.tests.factories import node
from gongzhi.volunteering.models import GovernancePost, PostClaim
from gongzhi.volunteering.services import signup_create
from gongzhi.volunteering.tests.factories import (
    ActivityFactory,
    PledgeFactory,
    VolunteerFactory,
    VolunteerTeamFactory,
)


def fill(tree) -> dict:
    community = tree["community_a"]
    resident = ResidentFactory(household=tree["household_a"], is_head=True)
    member = PartyMemberFactory(territory=community)
    team = VolunteerTeamFactory(territory=community, name="红马甲志愿服务队")
    volunteer = VolunteerFactory(
        territory=community, team=team, resident=resident, party_member=member, skills=["理发"]
    )
    activity = ActivityFactory(territory=tree["grid_a"], team=team, capacity=2)
    signup_create(actor=_admin(), activity_id=activity.pk, volunteer_id=volunteer.pk)
    post = GovernancePost.objects.create(name="文明劝导员", territory=community, slots=2)
    claim = PostClaim.objects.create(post=post, party_member=member, claimed_on=dt.date(2024, 3, 1))
    pledge = PledgeFactory(party_member=member, territory=community)
    rule = PointRule.objects.create(code="help", name="邻里互助", points=30, territory=tree["city"])
    item = ShopItem.objects.create(name="洗衣液", territory=community, cost=10, stock=5)
    home = account_for(household=tree["household_a"])
    entry = points_apply_rule(
        actor=None, account_id=home.pk, rule_code="help", occurred_on=dt.date(2024, 5, 1)
    )
    redemption = points_redeem(actor=_admin(), account_id=home.pk, item_id=item.pk)
    lines = roll_publish(actor=None, community_id=community.pk, period=parse_period("2024-Q2"))
    compound = node(tree["grid_a"], "compound", "幸福小区")
    company = PropertyCompany.objects.create(
        name="安居物业", territory=tree["district_a"], has_party_org=True
    )
    profile = Compound.objects.create(territory=compound, company=company)
    committee = OwnersCommittee.objects.create(
        name="幸福小区业主委员会", territory=compound, elected_on=dt.date(2023, 6, 1)
    )
    seat = CommitteeMember.objects.create(
        committee=committee, name="陈主任", role="chair", is_party_member=True
    )
    cross = CrossAppointment.objects.create(
        territory=compound,
        name="周书记",
        direction="into_property",
        home_post="支部书记",
        cross_post="业委会主任",
        started_on=dt.date(2024, 1, 1),
    )
    rating = CompoundRating.objects.create(
        territory=compound, year=2024, score=92, level="municipal", rated_on=dt.date(2024, 12, 1)
    )
    return {
        "volunteer-teams": team,
        "volunteers": volunteer,
        "activities": activity,
        "sign-ups": activity.sign_ups.get(),
        "governance-posts": post,
        "post-claims": claim,
        "pledges": pledge,
        "point-rules": rule,
        "shop-items": item,
        "point-entries": entry,
        "redemptions": redemption,
        "roll-entries": lines[0],
        "property-companies": company,
        "compounds": profile,
        "owners-committees": committee,
        "committee-members": seat,
        "cross-appointments": cross,
        "compound-ratings": rating,
    }


def _admin():
    from gongzhi.people.models import User

    return User.objects.get_or_create(username="io-admin", defaults={"is_superuser": True, "is_staff": True})[
        0
    ]


OURS = [
    "volunteer-teams",
    "volunteers",
    "activities",
    "sign-ups",
    "governance-posts",
    "post-claims",
    "pledges",
    "point-rules",
    "shop-items",
    "point-entries",
    "redemptions",
    "roll-entries",
    "property-companies",
    "compounds",
    "owners-committees",
    "committee-members",
    "cross-appointments",
    "compound-ratings",
]
