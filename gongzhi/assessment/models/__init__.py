"""Assessment (考评): schemes as data, their results with versions and events, and the 十佳 selection."""

from gongzhi.assessment.models.result import (
    Appeal,
    AssessmentRun,
    ManualScore,
    Result,
    ResultEvent,
    ResultLine,
)
from gongzhi.assessment.models.scheme import Grade, Indicator, Rule, Scheme, SchemeVersion, Source
from gongzhi.assessment.models.selection import (
    Candidate,
    CommitteeMember,
    Nomination,
    Selection,
    SelectionEvent,
    Vote,
)

__all__ = [
    "Appeal",
    "AssessmentRun",
    "Candidate",
    "CommitteeMember",
    "Grade",
    "Indicator",
    "ManualScore",
    "Nomination",
    "Result",
    "ResultEvent",
    "ResultLine",
    "Rule",
    "Scheme",
    "SchemeVersion",
    "Selection",
    "SelectionEvent",
    "Source",
    "Vote",
]
