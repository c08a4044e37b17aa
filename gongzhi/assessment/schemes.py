"""The names other apps read: scheme codes, subject kinds, grade codes and their Chinese labels.

Workforce imports these instead of writing the strings (see `selectors.results_for`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

BRANCH_FIVE_STAR = "branch-five-star"  # 党支部五星: branches, every year, one to five stars
SECRETARY_CARD = "secretary-card"  # 村(社区)书记亮牌 (头雁): secretaries, every half year, cards
COMMUNITY_WORKER_PERFORMANCE = "community-worker-performance"  # 社区专职工作者年度绩效: workers, yearly


class SubjectKind(models.TextChoices):
    BRANCH = "branch", _("党组织")  # a PartyOrg of the kinds the scheme names
    SECRETARY = "secretary", _("书记")  # the secretary of a PartyOrg; subject_id is the PartyOrg
    COMMUNITY_WORKER = "community_worker", _("社区工作者")  # people.CommunityWorker
    UNIT = "unit", _("辖区单位")  # a territory node at the scheme's level


class PeriodKind(models.TextChoices):
    HALF = "half", _("半年")
    YEAR = "year", _("年度")


class Card(models.TextChoices):
    GREEN = "green", _("绿牌")
    YELLOW = "yellow", _("黄牌")
    RED = "red", _("红牌")


class WorkerGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class Stars(models.TextChoices):
    FIVE = "5", _("五星")
    FOUR = "4", _("四星")
    THREE = "3", _("三星")
    TWO = "2", _("二星")
    ONE = "1", _("一星")


# The plain names workforce may prefer.
CARD_GREEN, CARD_YELLOW, CARD_RED = Card.GREEN.value, Card.YELLOW.value, Card.RED.value
GRADE_EXCELLENT = WorkerGrade.EXCELLENT.value
GRADE_COMPETENT = WorkerGrade.COMPETENT.value
GRADE_BASIC = WorkerGrade.BASIC.value
GRADE_INCOMPETENT = WorkerGrade.INCOMPETENT.value
