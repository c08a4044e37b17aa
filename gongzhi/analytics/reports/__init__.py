"""Review reports (一周一碰头、一月一盘点): build a node's review, write it as Excel or PDF, send the links."""

from gongzhi.analytics.reports.build import (
    KINDS,
    Review,
    ReviewKind,
    review_build,
    review_check_node,
    review_kind,
    review_node,
    review_period,
)
from gongzhi.analytics.reports.output import (
    CONTENT_TYPES,
    check_target,
    review_format,
    write_review,
    write_review_file,
)
from gongzhi.analytics.reports.pdf import write_pdf
from gongzhi.analytics.reports.xlsx import write_xlsx

__all__ = [
    "CONTENT_TYPES",
    "KINDS",
    "Review",
    "ReviewKind",
    "check_target",
    "review_build",
    "review_format",
    "review_kind",
    "review_check_node",
    "review_node",
    "review_period",
    "write_pdf",
    "write_review",
    "write_review_file",
    "write_xlsx",
]
