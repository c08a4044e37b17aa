"""The three schemes the seeds name, as data: 党支部五星, 村(社区)书记亮牌, 社区专职工作者年度绩效.

`schemes_ensure` creates the ones missing (the demo and a fresh installation use it); a scheme
already there is left alone, edited in the back office from then on.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from gongzhi.assessment.models import Grade, Indicator, Scheme, SchemeVersion
from gongzhi.assessment.schemes import (
    BRANCH_FIVE_STAR,
    COMMUNITY_WORKER_PERFORMANCE,
    SECRETARY_CARD,
    Card,
    Stars,
    SubjectKind,
    WorkerGrade,
)


def _fig(code, name, weight, key, rule="linear", **kw) -> dict:
    return {
        "code": code,
        "name": name,
        "weight": weight,
        "source": "figure",
        "figure_key": key,
        "rule": rule,
        **kw,
    }


def _manual(code, name, weight, rule="linear", **kw) -> dict:
    return {"code": code, "name": name, "weight": weight, "source": "manual", "rule": rule, **kw}


# fmt: off
SCHEMES = [
    {
        "code": BRANCH_FIVE_STAR,
        "name": "党支部五星",
        "subject_kind": SubjectKind.BRANCH,
        "period_kind": "year",
        "org_kinds": ["general_branch", "branch"],
        "territory_level": "community",
        "publish_to_board": True,
        "description": "村（社区）党组织每年评定一至五星：工作数据 50 分（诉求办理、群众满意、网格巡访、志愿服务、"
        "矛盾调解、平安家庭；样本不足的比率不扣分），考核组评分 50 分（组织生活、"
        "班子与党员、阵地与服务，按百分制折算）；发生重大责任事故或违纪问题一票否决。",
        "indicators": [
            _fig("resolution", "诉求办结率", 10, "demands.resolution_rate", target=95, floor=70, no_data_points=10),
            _fig("satisfaction", "群众满意率", 10, "demands.satisfaction_rate", target=95, floor=75, no_data_points=10),
            _fig("patrol", "网格巡访覆盖率", 10, "patrols.grid_coverage", target=100, floor=50, no_data_points=10),
            _fig("volunteering", "志愿服务时长", 8, "volunteering.service_hours", "thresholds",
                 thresholds=[[150, 8], [60, 7], [20, 6], [5, 4]], no_data_points=5.6),
            _fig("mediation", "矛盾调解成功率", 6, "mediation.success_rate", target=95, floor=60, no_data_points=6),
            _fig("safety", "平安家庭创建达标率", 6, "safety.compliance_rate", target=95, floor=60, no_data_points=6),
            _manual("life", "组织生活（三会一课、主题党日）", 20, target=100, floor=0, note="考核组按台账和抽查打分（0—100）"),
            _manual("team", "班子建设与党员管理", 15, target=100, floor=0, note="考核组评分（0—100）"),
            _manual("service", "阵地建设与为民服务", 15, target=100, floor=0, note="考核组现场查看评分（0—100）"),
            _manual("veto", "重大责任事故或违纪问题", 0, "veto", floor=0, higher_is_better=False, note="发生填 1：一票否决"),
        ],
        "grades": [(s.value, str(s.label), m) for s, m in zip(Stars, (90, 80, 70, 60, 0), strict=True)],
        "bottom_share": 0,
    },
    {
        "code": SECRETARY_CARD,
        "name": "村(社区)书记亮牌",
        "subject_kind": SubjectKind.SECRETARY,
        "period_kind": "half",
        "org_kinds": ["general_branch", "branch", "committee"],
        "territory_level": "community",
        "publish_to_board": True,
        "description": "头雁领航：每半年一次考核亮牌，绿牌 85 分及以上、黄牌 70 分及以上、其余红牌；"
        "工作数据 40 分（样本不足的比率不扣分），述职评议 60 分（按百分制折算）；"
        "得分末位 2% 亮红牌，红牌书记参加红牌班并复评。",
        "indicators": [
            _fig("resolution", "诉求办结率", 15, "demands.resolution_rate", target=95, floor=70, no_data_points=15),
            _fig("satisfaction", "群众满意率", 15, "demands.satisfaction_rate", target=95, floor=75, no_data_points=15),
            _fig("patrol", "网格巡访覆盖率", 10, "patrols.grid_coverage", target=100, floor=50, no_data_points=7),
            _manual("review", "抓党建述职评议", 60, target=100, floor=0, note="述职评议得分（0—100）"),
        ],
        "grades": [(c.value, str(c.label), m) for c, m in zip(Card, (85, 70, 0), strict=True)],
        "bottom_share": 2,
    },
    {
        "code": COMMUNITY_WORKER_PERFORMANCE,
        "name": "社区专职工作者年度绩效",
        "subject_kind": SubjectKind.COMMUNITY_WORKER,
        "period_kind": "year",
        "org_kinds": [],
        "territory_level": "",
        "publish_to_board": False,
        "description": "社区专职工作者年度绩效报酬考核：社区整体工作占 30 分（样本不足的比率不扣分），个人实绩与居民"
        "评议占 70 分（按百分制折算）；等次决定绩效报酬。",
        "indicators": [
            _fig("resolution", "社区诉求办结率", 10, "demands.resolution_rate", target=95, floor=70, no_data_points=10),
            _fig("satisfaction", "社区群众满意率", 10, "demands.satisfaction_rate", target=95, floor=75, no_data_points=10),
            _fig("patrol", "网格巡访覆盖率", 10, "patrols.grid_coverage", target=100, floor=50, no_data_points=7),
            _manual("duty", "岗位职责完成情况", 45, target=100, floor=0, note="街道考核组评分（0—100）"),
            _manual("residents", "居民评议", 25, target=100, floor=0, note="居民代表评议得分（0—100）"),
        ],
        "grades": [(g.value, str(g.label), m) for g, m in zip(WorkerGrade, (90, 75, 60, 0), strict=True)],
        "bottom_share": 0,
    },
]
# fmt: on


def schemes_ensure(*, actor=None) -> list[Scheme]:
    """Create the catalogue's schemes that do not exist yet (version 1 with indicators and grades)."""
    out = []
    with transaction.atomic():
        for spec in SCHEMES:
            scheme = Scheme.objects.filter(code=spec["code"]).first()
            if scheme is None:
                scheme = _create(spec, actor)
            out.append(scheme)
    return out


def _create(spec: dict, actor) -> Scheme:
    fields = {k: v for k, v in spec.items() if k not in ("indicators", "grades", "bottom_share")}
    scheme = Scheme.objects.create(**fields)
    version = SchemeVersion.objects.create(
        scheme=scheme, number=1, note="初版", bottom_share=Decimal(spec["bottom_share"]), created_by=actor
    )
    Indicator.objects.bulk_create(
        Indicator(
            version=version,
            order=i,
            **{
                **ind,
                "weight": Decimal(str(ind["weight"])),
                "no_data_points": Decimal(str(ind.get("no_data_points", 0))),
            },
        )
        for i, ind in enumerate(spec["indicators"], start=1)
    )
    Grade.objects.bulk_create(
        Grade(version=version, code=code, label=label, min_score=Decimal(low))
        for code, label, low in spec["grades"]
    )
    return scheme
