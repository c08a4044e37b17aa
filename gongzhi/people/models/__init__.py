from gongzhi.people.models.org import Council, CouncilMember, LinkedHousehold, PartyMember, PartyOrg
from gongzhi.people.models.staff import (
    CommunityWorker,
    GridWorker,
    PartnerUnit,
    PoliceOfficer,
    Resident,
    SpecialistTeam,
)
from gongzhi.people.models.users import RoleAssignment, User

__all__ = [
    "User",
    "RoleAssignment",
    "PartyOrg",
    "PartyMember",
    "LinkedHousehold",
    "Council",
    "CouncilMember",
    "GridWorker",
    "CommunityWorker",
    "PoliceOfficer",
    "SpecialistTeam",
    "PartnerUnit",
    "Resident",
]
