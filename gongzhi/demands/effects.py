"""What each workflow action changes on the demand besides its state.

Each effect runs inside `services.demand_transition`, after the table check and with the
row locked; it sets fields and returns their names and the extra facts for the event.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.demands import notices, routing, suggesting
from gongzhi.demands.models import MACHINE_SOURCES, Category, CategorySource, Demand, Handler
from gongzhi.demands.selectors import territory_in_scope
from gongzhi.demands.sla import add_working_hours
from gongzhi.demands.workflow import EscalationTarget, Satisfaction, State

Effect = Callable[..., tuple[set[str], dict]]


def _recategorise(actor, demand: Demand, extra: dict) -> tuple[set[str], dict]:
    """Give the demand the category a person chose; teach the classifier when it had a say.

    Choosing for a demand in triage, or changing (or explicitly keeping) a category the
    classifier set, stores a label: a confirmation when the person took the suggestion,
    else a correction.
    """
    code = extra.get("category")
    if not code:
        return set(), {}
    category = Category.objects.filter(code=code, active=True).first()
    if category is None:
        raise ValidationFailed(f"未知的诉求分类「{code}」。")
    before = demand.category
    machine = demand.category_source in MACHINE_SOURCES
    if before is not None and before.pk == category.pk and not machine:
        return set(), {}
    facts = {"category": category.code, "from_category": before.code if before else None}
    if before is None or machine:
        label_id = _label(actor, demand, category, predicted=before or demand.suggested_category)
        if label_id is not None:
            facts["label_id"] = label_id
    demand.category = category
    demand.category_source = CategorySource.STAFF
    return {"category", "category_source"}, facts


def _label(actor, demand: Demand, category: Category, *, predicted: Category | None) -> int | None:
    return suggesting.learn(
        actor=actor,
        text=f"{demand.title} {demand.text}".strip(),
        label=category.code,
        predicted_label=predicted.code if predicted else "",
        agreed=predicted is not None and predicted.pk == category.pk,
    )


def accept(*, actor, demand: Demand, extra: dict, **_) -> tuple[set[str], dict]:
    if demand.territory_id is None:
        raise Conflict("诉求还没有定位到辖区，请先定位再受理。", code="not_located")
    return _recategorise(actor, demand, extra)


def categorize(*, actor, demand: Demand, extra: dict, **_) -> tuple[set[str], dict]:
    return _recategorise(actor, demand, extra)


def reject(*, demand: Demand, note: str, **_) -> tuple[set[str], dict]:
    notices.outcome_notify(demand=demand, action="reject", note=note)
    return set(), {}


def locate(*, actor, demand: Demand, extra: dict, **_) -> tuple[set[str], dict]:
    node = territory_in_scope(actor=actor, territory_id=extra["territory_id"])
    before = demand.territory_id
    demand.territory = node
    return {"territory"}, {"territory_id": node.pk, "from_territory_id": before}


def dispatch(*, actor, demand: Demand, extra: dict, **_) -> tuple[set[str], dict]:
    fields, facts = _recategorise(actor, demand, extra)
    planned = routing.route(category=demand.category, territory=demand.territory)
    handler_id = extra.get("handler_id")
    if handler_id not in (None, ""):
        try:
            handler = Handler.objects.select_related("territory").get(pk=int(handler_id), active=True)
        except (Handler.DoesNotExist, ValueError, TypeError):
            raise NotFound("承办单位未找到。")
        here, there = demand.territory.path, handler.territory.path
        # A handler serves its own subtree; one above the demand (a city department) serves it too.
        if not (here.startswith(there) or there.startswith(here)):
            raise ValidationFailed("所选承办单位不负责该诉求所在的辖区，请另选。")
    elif planned.handler is not None:
        handler = planned.handler
    else:
        raise Conflict("没有找到匹配的派单规则或承办单位，请指定承办单位。", code="no_route")
    hours = extra.get("deadline_hours") or planned.deadline_hours
    now = timezone.now()
    demand.handler = handler
    demand.claimed_by = None
    demand.escalation = ""
    demand.due_at = add_working_hours(now, int(hours)) if hours else None
    fields |= {"handler", "claimed_by", "escalation", "due_at"}
    return fields, {
        **facts,
        "handler_id": handler.pk,
        "handler": handler.name,
        "deadline_hours": int(hours) if hours else None,
        "due_at": demand.due_at.isoformat() if demand.due_at else None,
        "rule_id": planned.rule.pk if planned.rule and handler == planned.handler else None,
    }


def claim(*, actor, demand: Demand, **_) -> tuple[set[str], dict]:
    demand.claimed_by = actor
    return {"claimed_by"}, {"handler_id": demand.handler_id}


def send_back(*, demand: Demand, **_) -> tuple[set[str], dict]:
    before = demand.handler_id
    demand.handler = None
    demand.claimed_by = None
    return {"handler", "claimed_by"}, {"handler_id": before}


def escalate(*, demand: Demand, extra: dict, **_) -> tuple[set[str], dict]:
    to = extra.get("to") or EscalationTarget.PARENT
    if to not in EscalationTarget.values:
        raise ValidationFailed("上报去向只能是「上级」(parent) 或「议事协商」(deliberation)。")
    before = demand.handler_id
    demand.escalation = to
    demand.handler = None
    demand.claimed_by = None
    return {"escalation", "handler", "claimed_by"}, {"to": to, "handler_id": before}


def supervise(*, demand: Demand, **_) -> tuple[set[str], dict]:
    demand.supervised = True
    return {"supervised"}, {}


def resolve(*, actor, demand: Demand, note: str, extra: dict, **_) -> tuple[set[str], dict]:
    if demand.claimed_by_id and demand.claimed_by_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied("只有接单人可以办结此诉求。")
    demand.result = (extra.get("result") or note).strip()
    # Every reporter hears the result: this demand's and those of the duplicates merged into it.
    notices.outcome_notify(demand=demand, action="resolve")
    return {"result"}, {}


def follow_up(*, demand: Demand, extra: dict, **_) -> tuple[set[str], dict]:
    satisfaction = extra.get("satisfaction")
    if satisfaction not in Satisfaction.values:
        raise ValidationFailed("满意度只能是：满意、基本满意、不满意。")
    demand.satisfaction = satisfaction
    return {"satisfaction"}, {"satisfaction": satisfaction}


def close(**_) -> tuple[set[str], dict]:
    return set(), {}


def reopen(*, demand: Demand, **_) -> tuple[set[str], dict]:
    before = demand.satisfaction
    # The rating that led here stays in the event; the next follow-up records a new one.
    demand.satisfaction = ""
    demand.claimed_by = None
    return {"satisfaction", "claimed_by"}, {"satisfaction": before}


def merge(*, demand: Demand, extra: dict, locked: dict[int, Demand], **_) -> tuple[set[str], dict]:
    target = locked.get(int(extra["into_id"]))
    if target is None:
        raise NotFound("要合并到的诉求未找到。")
    if target.pk == demand.pk:
        raise Conflict("不能把诉求合并到它自己。", code="merge_self")
    if target.state in {State.MERGED, State.REJECTED}:
        raise Conflict(
            f"要合并到的诉求状态为「{target.get_state_display()}」，请合并到仍在办理的诉求。",
            code="merge_target_closed",
        )
    demand.merged_into = target
    notices.merge_notify(demand=demand, target=target)
    return {"merged_into"}, {"into_id": target.pk}


EFFECTS: dict[str, Effect] = {
    "accept": accept,
    "reject": reject,
    "locate": locate,
    "categorize": categorize,
    "dispatch": dispatch,
    "claim": claim,
    "return": send_back,
    "escalate": escalate,
    "supervise": supervise,
    "resolve": resolve,
    "follow_up": follow_up,
    "close": close,
    "reopen": reopen,
    "merge": merge,
}
