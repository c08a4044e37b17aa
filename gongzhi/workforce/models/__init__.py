"""The workforce registers (队伍): pay, staffing, reserve pool, postings, training, member cards."""

from gongzhi.workforce.models.cards import MemberCard, WorkforceAudit
from gongzhi.workforce.models.pay import PayRecord, PayScale, PerformanceRule, PostType, WorkerGrade
from gongzhi.workforce.models.postings import OnSiteDay, Posting
from gongzhi.workforce.models.reserve import ReserveCandidate, ReserveEvent
from gongzhi.workforce.models.staffing import CommunityPopulation
from gongzhi.workforce.models.training import Attendance, Course, Enrollment, Session

__all__ = [
    "Attendance",
    "CommunityPopulation",
    "Course",
    "Enrollment",
    "MemberCard",
    "OnSiteDay",
    "PayRecord",
    "PayScale",
    "PerformanceRule",
    "Posting",
    "PostType",
    "ReserveCandidate",
    "ReserveEvent",
    "Session",
    "WorkerGrade",
    "WorkforceAudit",
]
