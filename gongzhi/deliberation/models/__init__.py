from gongzhi.deliberation.models.board import Publication, PublicationComment
from gongzhi.deliberation.models.meetings import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotCast,
    Meeting,
    MeetingSeries,
    QuorumRule,
    Reminder,
    Vote,
)
from gongzhi.deliberation.models.topics import CatalogueEntry, ConsultationCatalogue, Topic, TopicEvent

__all__ = [
    "Topic",
    "TopicEvent",
    "ConsultationCatalogue",
    "CatalogueEntry",
    "MeetingSeries",
    "Meeting",
    "AgendaItem",
    "Attendance",
    "Vote",
    "Ballot",
    "BallotCast",
    "QuorumRule",
    "Reminder",
    "Publication",
    "PublicationComment",
]
