"""The states of the workforce registers, and the reserve pool's (后备人才库) steps in one table.

入库 → 递补 (promoted to a 两委 post, highest-ranked first) or 退出 (withdrawn). Who may act:
the organisation side over the community — street officials and above (`ASSESSOR_ROLES`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import workflow as engine
from gongzhi.core.workflow import Table, Transition
from gongzhi.people.roles import Role

# Street officials and above assess community workers and secretaries, see their pay and scores,
# keep the reserve pool and compute pay for their subtree.
ASSESSOR_ROLES = frozenset({Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN})
# Pay tables and performance coefficients are the city's or the county's.
PAY_TABLE_ROLES = frozenset({Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN})


class ReserveState(models.TextChoices):
    IN_POOL = "in_pool", _("在库")  # passed the qualification exam; waiting for a vacancy
    PROMOTED = "promoted", _("已递补")  # filled a vacancy of the two committees; final
    WITHDRAWN = "withdrawn", _("已退出")  # left the pool (moved away, declined, disqualified); final


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    HIGH_SCHOOL = "high_school", _("高中/中专")
    BELOW = "below", _("初中及以下")


class PostingKind(models.TextChoices):
    FIRST_SECRETARY = (
        "first_secretary",
        _("驻村第一书记"),
    )  # a young cadre from a city unit, leads the village branch
    RESIDENT_CADRE = "resident_cadre", _("驻村干部")  # 一村(社区)一驻村干部
    SELECTED_GRADUATE = "selected_graduate", _("选调生")  # 选调生 placed in a village to learn the ground
    VILLAGE_POLICE = "village_police", _("一村一辅警")  # 一村(社区)一(辅)警
    LEADER_CONTACT = "leader_contact", _("领导包村")  # a leader answerable for one village (领导包村(社区))


# Those posted to live and work in the village log their days on site.
STATIONED_KINDS = frozenset(
    {PostingKind.FIRST_SECRETARY, PostingKind.RESIDENT_CADRE, PostingKind.SELECTED_GRADUATE}
)
# First secretaries and 选调生 are sent to villages (行政村); the rest serve villages and communities.
VILLAGE_ONLY_KINDS = frozenset({PostingKind.FIRST_SECRETARY, PostingKind.SELECTED_GRADUATE})


class CourseKind(models.TextChoices):
    COUNCIL_TRAINING = "council_training", _("组会成员培训")  # branch and council members (一组一会)
    MEMBER_EDUCATION = "member_education", _("党员教育")
    RED_CARD_CLASS = "red_card_class", _("红牌班")  # secretaries carded red, retrained, then re-assessed


class PersonKind(models.TextChoices):
    PARTY_MEMBER = "party_member", _("党员")
    COUNCIL_MEMBER = "council_member", _("议事会成员")
    COMMUNITY_WORKER = "community_worker", _("社区工作者")
    SECRETARY = "secretary", _("党组织书记")  # person_id is the PartyOrg whose secretary attends


class AuditAction(models.TextChoices):
    PAY_COMPUTE = "pay_compute", _("核算年度报酬")
    RED_CARD_ENROL = "red_card_enrol", _("红牌班编班")
    CARD_UPDATE = "card_update", _("更新亮身份")
    ATTENDANCE = "attendance", _("登记出勤")


RESERVE_TRANSITIONS = Table(
    {
        "promote": Transition(
            "递补", frozenset({ReserveState.IN_POOL}), ReserveState.PROMOTED, ASSESSOR_ROLES
        ),
        "withdraw": Transition(
            "退出人才库", frozenset({ReserveState.IN_POOL}), ReserveState.WITHDRAWN, ASSESSOR_ROLES, ("note",)
        ),
    },
    states=ReserveState,
    noun="后备人选",
    denial="只有街道及以上组织部门可以{label}。",
)


def reserve_check(action: str, *, state: str, roles: set[str] | frozenset[str]) -> Transition:
    """Return the transition for `action`, or raise why it may not happen now."""
    return engine.check(RESERVE_TRANSITIONS, action, state=state, roles=roles)
