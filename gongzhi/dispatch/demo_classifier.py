"""Demo: a classifier trained on the demo's own demands, and a few demands waiting in triage.

The demo's demands came in with their category (a hotline order's or the resident's choice),
so they are marked as categorized by their reporter and the model learns from them, the way
`gongzhi classifier train --from-demands` does. A handful of vague demands, brought in at the
demo community's talk point afterwards, get only a low-confidence suggestion: they wait on the
triage page (/demands/triage/) for the community worker to take the suggestion or correct it.

Idempotent: an active model trained on demands is kept, and the vague demands are found again by
their idempotency keys.
"""

from __future__ import annotations

from django.db import transaction

from gongzhi.core.errors import ValidationFailed
from gongzhi.demands.models import CategorySource, Demand
from gongzhi.demands.services import demand_submit
from gongzhi.demo.logins import login_at
from gongzhi.dispatch import registry
from gongzhi.dispatch.services import classifier_train_from_demands
from gongzhi.people.roles import Role
from gongzhi.territory.models import Territory, subtree_bounds

TRAIN_ROWS = 6000  # the newest demands: enough to learn the demo's phrasing, trained in seconds
CV_FOLDS = 3

# Said at a talk point: vague, or touching two categories, so the model is not sure.
VAGUE = [
    ("", "想咨询一下社区办事大厅周末开不开门。"),
    ("楼上漏水", "楼上漏水到我家，和邻居吵了起来，物业也不管。"),
    ("", "请问居住证怎么办理？"),
    ("", "上次反映的事到现在也没人联系我，想问问进度。"),
    ("", "我家的狗丢了，有人看到吗？"),
]


def build(*, city: Territory, seed: int, scale: float, step) -> None:
    bounds = subtree_bounds(city.path)
    with transaction.atomic():
        marked = Demand.objects.filter(
            territory__path__range=bounds, category__isnull=False, category_source=CategorySource.UNKNOWN
        ).update(category_source=CategorySource.REPORTER)
    if marked:
        step(f"分类模型：{marked} 件演示诉求的分类记为提交时选定 / demo demands marked as categorized")
    _train(step)
    _vague(city, step)


def _train(step) -> None:
    loaded = registry.load_active()
    if loaded is not None and (loaded.metadata.get("training_data") or {}).get("source") == "demands":
        step(f"分类模型已训练，跳过 / classifier already trained: {loaded.version}")
        return
    try:
        _, meta = classifier_train_from_demands(limit=TRAIN_ROWS, cv_folds=CV_FOLDS, by="demo")
    except ValidationFailed as exc:
        step(f"分类模型未训练 / classifier not trained: {exc.message}")
        return
    data, cv = meta["training_data"], meta["cv"]
    step(
        f"分类模型 / classifier {meta['version']}：{data['rows']} 件诉求，{len(data['label_counts'])} 类，"
        f"{cv['folds']} 折交叉验证 accuracy {cv['accuracy']}、macro-F1 {cv['macro_f1']}，"
        f"用时 {meta['train_seconds']} 秒；已启用 / active"
    )


def _vague(city: Territory, step) -> None:
    worker, home = login_at(Role.COMMUNITY_WORKER.value, Role.COMMUNITY_WORKER)
    if home is None or not home.path.startswith(city.path):
        step("没有演示账号，跳过待分拣示例 / no demo logins, triage examples skipped")
        return
    waiting = 0
    for i, (title, text) in enumerate(VAGUE):
        demand, _ = demand_submit(
            actor=worker,
            idempotency_key=f"demo-triage-{city.pk}-{i}",
            channel="walk_in",
            title=title,
            text=text,
            territory_id=home.pk,
            contact_name="来访群众",
        )
        waiting += demand.category_id is None
    step(
        f"待分拣 / triage: {waiting} 件说事点诉求只有低置信度的分类建议，"
        f"community_worker 在 /demands/triage/ 采用建议或改选"
    )
