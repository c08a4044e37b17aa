"""The workforce registers in Excel, each all-or-nothing through the registry machinery of people.

They join `gongzhi registry` and the back office under these names; a pay table or a reserve
pool is refused row by row to anyone whose role may not keep it.
"""

from __future__ import annotations

from gongzhi.people.resources import REGISTRIES
from gongzhi.workforce.resources.pay import (
    PayRecordResource,
    PayScaleResource,
    PerformanceRuleResource,
    WorkerGradeResource,
)
from gongzhi.workforce.resources.registers import (
    CommunityPopulationResource,
    OnSiteDayResource,
    PostingResource,
    ReserveCandidateResource,
)
from gongzhi.workforce.resources.training import (
    AttendanceResource,
    CourseResource,
    EnrollmentResource,
    MemberCardResource,
    SessionResource,
)

RESOURCES = {
    "pay-scales": PayScaleResource,
    "performance-rules": PerformanceRuleResource,
    "worker-grades": WorkerGradeResource,
    "pay-records": PayRecordResource,
    "community-populations": CommunityPopulationResource,
    "reserve-candidates": ReserveCandidateResource,
    "postings": PostingResource,
    "onsite-days": OnSiteDayResource,
    "courses": CourseResource,
    "sessions": SessionResource,
    "enrollments": EnrollmentResource,
    "attendance": AttendanceResource,
    "member-cards": MemberCardResource,
}


def register() -> None:
    """Add these registers to the ones `gongzhi registry` and the back office know (idempotent)."""
    for name, resource in RESOURCES.items():
        REGISTRIES.setdefault(name, resource)
