"""Writes of assessment: runs, result steps, schemes and manual scores, the 十佳 selection."""

from gongzhi.assessment.services.results import result_transition, results_bulk_transition
from gongzhi.assessment.services.run import RunOutcome, scheme_run
from gongzhi.assessment.services.schemes import (
    manual_score_enter,
    scheme_editable_version,
    scheme_version_next,
)
from gongzhi.assessment.services.selection import (
    selection_add_members,
    selection_create,
    selection_nominate,
    selection_transition,
    selection_vote,
)

__all__ = [
    "RunOutcome",
    "manual_score_enter",
    "result_transition",
    "results_bulk_transition",
    "scheme_editable_version",
    "scheme_run",
    "scheme_version_next",
    "selection_add_members",
    "selection_create",
    "selection_nominate",
    "selection_transition",
    "selection_vote",
]
