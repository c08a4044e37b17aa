"""Demo: the three schemes, committee scores, a year of five stars, two half-years of cards, worker
performance, most results reviewed and published, two appeals (one upheld, one corrected) and a 十佳 selection.

Runs after every app whose figures the schemes read. Idempotent: a city whose five-star results
exist is skipped. Committee (manual) scores come from one seeded quality per community, so a good
community's branch, secretary and workers tend to score well together.
"""

from __future__ import annotations

import random
import time

from django.db import transaction

from gongzhi.assessment.catalogue import schemes_ensure
from gongzhi.assessment.models import ManualScore, Result, Scheme, Selection
from gongzhi.assessment.schemes import BRANCH_FIVE_STAR, COMMUNITY_WORKER_PERFORMANCE, SECRETARY_CARD
from gongzhi.assessment.selectors import version_current
from gongzhi.assessment.services import (
    result_transition,
    results_bulk_transition,
    scheme_run,
    selection_add_members,
    selection_create,
    selection_nominate,
    selection_transition,
    selection_vote,
)
from gongzhi.assessment.subjects import subjects_of
from gongzhi.assessment.workflow import State
from gongzhi.core.errors import ApplicationError
from gongzhi.core.periods import last_full
from gongzhi.people.models import CommunityWorker, User
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

DEMO_ORDER = 90  # after every domain app (their figures are the inputs); workforce reads the results after
BATCH = 5000
NOTES = {
    "life": "查阅三会一课记录、主题党日台账，抽查 2 次",
    "team": "班子成员述职测评与党员管理台账",
    "service": "现场查看党群服务中心，随机回访群众 10 户",
    "review": "街道党工委组织述职评议，现场测评",
    "duty": "街道考核组按岗位职责清单逐项评定",
    "residents": "居民代表评议表汇总",
}
REASONS = [
    "带领群众完成老旧小区改造，诉求办结及时，群众口碑好",
    "坚持“一月一主题”书记论坛，组织生活规范",
    "推动网格巡访全覆盖，矛盾纠纷就地化解",
    "党员联系户工作扎实，服务群众主动",
    "发展村集体经济成效明显，带动群众增收",
]


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    schemes_ensure()
    bounds = subtree_bounds(city.path)
    if Result.objects.filter(scheme__code=BRANCH_FIVE_STAR, territory__path__range=bounds).exists():
        step("考评数据已生成，跳过 / assessment already built")
        return
    rng = random.Random(seed + 9001)
    year = last_full("year")
    halves = [last_full("half").previous(), last_full("half")]
    quality = _qualities(bounds, rng)
    with transaction.atomic():
        n = _manual_scores(city, rng, quality, year, halves)
    step(f"  考核组评分 {n} 条")
    runs = [
        (BRANCH_FIVE_STAR, year),
        *((SECRETARY_CARD, h) for h in halves),
        (COMMUNITY_WORKER_PERFORMANCE, year),
    ]
    for code, period in runs:
        started = time.monotonic()
        outcome = scheme_run(actor=None, scheme_code=code, period_key=period.key)
        grades = "、".join(f"{k} {v}" for k, v in outcome.grades.items())
        step(
            f"  运行 {code} {period.key}：{outcome.assessed} 个（{grades}），用时 {time.monotonic() - started:.1f} 秒"
        )
    admin = (
        User.objects.filter(username="city_admin").first() or User.objects.filter(is_superuser=True).first()
    )
    if admin is None:
        step("  没有市级管理员账号，考评结果保持待审核")
        return
    _review_and_publish(city, admin, year, halves)
    _appeals(admin, year)
    _selection(city, admin, year, rng, step)


def _qualities(bounds, rng) -> dict[int, float]:
    communities = Territory.objects.order_by("path").filter(path__range=bounds, level=Level.COMMUNITY)
    return {pk: rng.gauss(0, 1) for pk in communities.values_list("pk", flat=True)}


def _score(rng, base: float, q: float, spread: float = 5.0) -> float:
    return round(max(40.0, min(100.0, base + 4.5 * q + rng.gauss(0, spread))), 1)


def _manual_scores(city, rng, quality, year, halves) -> int:
    rows = []
    for code, periods, base in [
        (BRANCH_FIVE_STAR, [year], 82.5),
        (SECRETARY_CARD, halves, 86.0),
        (COMMUNITY_WORKER_PERFORMANCE, [year], 83.0),
    ]:
        scheme = Scheme.objects.get(code=code)
        indicators = [i for i in version_current(scheme=scheme).indicators.all() if i.source == "manual"]
        for s in subjects_of(scheme, paths=[city.path]):
            q = quality.get(s.territory_id, 0.0)
            for period in periods:
                for ind in indicators:
                    if ind.rule == "veto":
                        if rng.random() < 0.004:  # a rare serious incident
                            rows.append(
                                _row(ind, period, s, 1, "辖区发生一起较大安全生产责任事故，经调查属实")
                            )
                        continue
                    value = _score(rng, base, q, 4.0 if code != COMMUNITY_WORKER_PERFORMANCE else 6.0)
                    rows.append(_row(ind, period, s, value, NOTES.get(ind.code, "考核组依据台账资料评定")))
    ManualScore.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _row(ind, period, s, value, note) -> ManualScore:
    return ManualScore(
        indicator=ind,
        period_key=period.key,
        subject_kind=s.kind,
        subject_id=s.id,
        territory_id=s.territory_id,
        value=value,
        note=note,
    )


def _review_and_publish(city, admin, year, halves) -> None:
    """Publish everything but the latest half-year's cards of the first street (left for its officials)."""
    waiting = (
        Territory.objects.order_by("path")
        .filter(path__range=subtree_bounds(city.path), level=Level.STREET)
        .first()
    )
    for code, period in [
        (BRANCH_FIVE_STAR, year),
        (SECRETARY_CARD, halves[0]),
        (COMMUNITY_WORKER_PERFORMANCE, year),
    ]:
        results_bulk_transition(
            actor=admin, scheme_code=code, period_key=period.key, action="review", note="考核组审核"
        )
        results_bulk_transition(actor=admin, scheme_code=code, period_key=period.key, action="publish")
    for street in Territory.objects.order_by("path").filter(
        path__range=subtree_bounds(city.path), level=Level.STREET
    ):
        if waiting is not None and street.pk == waiting.pk:
            continue
        results_bulk_transition(
            actor=admin,
            scheme_code=SECRETARY_CARD,
            period_key=halves[1].key,
            action="review",
            note="考核组审核",
            node=street,
        )
        results_bulk_transition(
            actor=admin, scheme_code=SECRETARY_CARD, period_key=halves[1].key, action="publish", node=street
        )


def _appeals(admin, year) -> None:
    """The demo community worker appeals their yearly result twice: once upheld, once corrected."""
    worker = CommunityWorker.objects.filter(user__username="community_worker").select_related("user").first()
    if worker is None:
        return
    result = Result.objects.filter(
        scheme__code=COMMUNITY_WORKER_PERFORMANCE, period_key=year.key, subject_id=worker.pk, current=True
    ).first()
    if result is None or result.state != State.PUBLISHED:
        return
    line = result.lines.get(code="satisfaction")
    result_transition(
        actor=worker.user,
        result_id=result.pk,
        action="appeal",
        line_id=line.pk,
        reason="满意率统计包含了已撤回的诉求",
    )
    result_transition(
        actor=admin, result_id=result.pk, action="uphold", reason="经核对，撤回诉求未计入，统计无误"
    )
    line = result.lines.get(code="residents")
    result_transition(
        actor=worker.user,
        result_id=result.pk,
        action="appeal",
        line_id=line.pk,
        reason="居民评议时本人所在网格的评议表漏收 12 份",
    )
    corrected = min(float(line.weight), float(line.points) + 2)
    result_transition(
        actor=admin, result_id=result.pk, action="correct", points=corrected, reason="补收评议表后重新计算"
    )


def _selection(city, admin, year, rng, step) -> None:
    if Selection.objects.filter(territory=city, period_key=year.key).exists():
        return
    try:
        s = selection_create(actor=admin, territory_id=city.pk, year=year.key, seats=10, candidates=25)
    except ApplicationError as exc:  # no card results in the year: nothing to select from
        step(f"  十佳书记评选未创建：{exc.message}")
        return
    names = ["district_official", "street_official", "department_handler", "admin"]
    members = [admin, *User.objects.filter(username__in=names).exclude(pk=admin.pk).order_by("pk")]
    selection_add_members(actor=admin, selection_id=s.pk, user_ids=[u.pk for u in members])
    candidates = list(s.candidates.order_by("rank"))
    for c in candidates[:14]:
        selection_nominate(actor=rng.choice(members), candidate_id=c.pk, reason=rng.choice(REASONS))
    selection_transition(actor=admin, selection_id=s.pk, action="open_vote", note="提名结束")
    for m in members:
        # Each member favours the higher-ranked, but not only them.
        picks = sorted(candidates, key=lambda c: c.rank + rng.uniform(0, 12))[: s.seats]
        for c in picks:
            selection_vote(actor=m, candidate_id=c.pk)
    selection_transition(actor=admin, selection_id=s.pk, action="publish", note="计票结果经评审委员会确认")
    step(
        f"  {s.name}：候选 {len(candidates)} 名，评审委员 {len(members)} 名，当选 {s.candidates.filter(selected=True).count()} 名"
    )
