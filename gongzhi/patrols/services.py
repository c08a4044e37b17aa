"""Writes to patrols: log a patrol from a phone, turn a finding into a demand, seed the standard duties."""

from __future__ import annotations

import datetime as dt
import math

from django.db import IntegrityError, transaction

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.periods import today
from gongzhi.patrols.models import Disposition, DutyKind, DutyRule, Finding, FindingCategory, Patrol, Visit
from gongzhi.people.models import CouncilMember, GridWorker, User
from gongzhi.people.roles import Role
from gongzhi.people.scope import restrict, roles_at
from gongzhi.people.services import registry_save
from gongzhi.territory.geo import wgs84_to_gcj02
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

PATROLLERS = frozenset({Role.GRID_WORKER, Role.COUNCIL_MEMBER, Role.COMMUNITY_WORKER, Role.BRANCH_SECRETARY})
MAX_ROUTE_POINTS = 2000
LNG_RANGE, LAT_RANGE = (73.0, 136.0), (3.0, 54.0)

# 三必访、六必到、六必报 as most cities word them; every city edits its own copy in the back office.
STANDARD_DUTIES = [
    ("独居老人必访", DutyKind.VISIT, "独居老人", 7, "每周至少上门一次，看身体、看冷暖、看安全"),
    ("高龄老人必访", DutyKind.VISIT, "高龄老人", 14, "每半月上门一次"),
    ("困难家庭必访", DutyKind.VISIT, "困难家庭", 14, "每半月上门一次，了解生活和救助落实"),
    ("残疾人家庭必访", DutyKind.VISIT, "残疾人", 30, "每月上门一次"),
    ("留守儿童必访", DutyKind.VISIT, "留守儿童", 30, "每月上门一次，联系监护人和学校"),
    ("红白喜事必到", DutyKind.ATTEND, "", None, "辖区居民办红白喜事，网格员到场做好服务和安全提示"),
    ("突发事件必到", DutyKind.ATTEND, "", None, "火灾、水电气故障等突发事件第一时间到场"),
    ("矛盾纠纷必到", DutyKind.ATTEND, "", None, "邻里、家庭纠纷第一时间到场劝解"),
    ("重大隐患必报", DutyKind.REPORT, "", None, "消防、燃气、房屋等重大安全隐患立即上报"),
    ("矛盾激化必报", DutyKind.REPORT, "", None, "可能激化的矛盾纠纷立即上报"),
    ("群体诉求必报", DutyKind.REPORT, "", None, "涉及多户的群体性诉求立即上报"),
]


def duty_rules_seed(*, actor: User | None, territory: Territory) -> int:
    """Add the standard duty list to a subtree (usually the city); rules it has already are left alone."""
    have = set(DutyRule.objects.filter(territory=territory).values_list("name", flat=True))
    created = 0
    for name, kind, tag, days, description in STANDARD_DUTIES:
        if name in have:
            continue
        rule = DutyRule(
            name=name, kind=kind, tag=tag, interval_days=days, territory=territory, description=description
        )
        if actor is None:
            rule.save()
        else:
            registry_save(actor=actor, instance=rule)
        created += 1
    return created


def _route(points, coord_system: str) -> list[list[float]]:
    if not points:
        return []
    if not isinstance(points, list) or len(points) > MAX_ROUTE_POINTS:
        raise ValidationFailed(f"路线应为不超过 {MAX_ROUTE_POINTS} 个 [经度, 纬度] 点的列表。")
    if coord_system not in ("gcj02", "wgs84"):
        raise ValidationFailed("坐标系只能是 gcj02 或 wgs84。")
    out = []
    for p in points:
        try:
            lng, lat = float(p[0]), float(p[1])
        except (TypeError, ValueError, IndexError):
            raise ValidationFailed("路线中的每个点应为 [经度, 纬度]。")
        if not (LNG_RANGE[0] <= lng <= LNG_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
            raise ValidationFailed("路线中有坐标不在中国境内，请检查经纬度是否填反。")
        if coord_system == "wgs84":
            lng, lat = wgs84_to_gcj02(lng, lat)
        out.append([round(lng, 6), round(lat, 6)])
    return out


def route_length_m(route: list[list[float]]) -> int:
    """Length of a route in metres (haversine; GCJ-02 offsets cancel out over a walk)."""
    total = 0.0
    for (lng1, lat1), (lng2, lat2) in zip(route, route[1:], strict=False):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        a = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lng2 - lng1) / 2) ** 2
        )
        total += 2 * 6_371_000 * math.asin(math.sqrt(a))
    return round(total)


def _patroller(actor: User, node: Territory, grid_worker_id, council_member_id):
    if grid_worker_id and council_member_id:
        raise ValidationFailed("请填写网格员或议事会成员中的一位（只填一位）。")
    if not grid_worker_id and not council_member_id:
        own = GridWorker.objects.filter(user=actor).select_related("territory").first()
        if own is None:
            raise ValidationFailed("请选择巡访人（网格员或议事会成员）。")
        grid_worker_id = own.pk
    if grid_worker_id:
        qs, what, field = GridWorker.objects.select_related("territory"), "网格员", "territory"
        pk = grid_worker_id
    else:
        qs, what, field = CouncilMember.objects.select_related("council__territory"), "议事会成员", "council"
        pk = council_member_id
    try:
        person = restrict(qs, actor).get(pk=int(pk))
    except (qs.model.DoesNotExist, TypeError, ValueError):
        raise NotFound(f"{what}未找到。")
    home = person.territory if field == "territory" else person.council.territory
    if not (node.path.startswith(home.path) or home.path.startswith(node.path)):
        raise ValidationFailed(f"{what}「{person.name}」不负责「{node.name}」。")
    return ("grid_worker", person) if field == "territory" else ("council_member", person)


def _households(node: Territory, ids) -> dict[int, Territory]:
    wanted = {int(i) for i in ids or []}
    found = {
        h.pk: h
        for h in Territory.objects.filter(
            pk__in=wanted, level=Level.HOUSEHOLD, path__range=subtree_bounds(node.path)
        )
    }
    if wanted - found.keys():
        raise ValidationFailed(
            f"走访户不在「{node.name}」内：编号 {'、'.join(map(str, sorted(wanted - found.keys())))}。"
        )
    return found


def patrol_log(
    *,
    actor: User,
    territory_id: int,
    date: dt.date | None = None,
    grid_worker_id: int | None = None,
    council_member_id: int | None = None,
    route: list | None = None,
    coord_system: str = "gcj02",
    visits: list[dict] | None = None,
    findings: list[dict] | None = None,
    note: str = "",
    client_key: str | None = None,
) -> tuple[Patrol, bool]:
    """Record one patrol with its visits and findings; return it and whether it is new (retries are safe)."""
    key = (client_key or "").strip()[:64] or None
    if key:
        existing = Patrol.objects.filter(client_key=key).first()
        if existing is not None:
            if existing.recorded_by_id != actor.pk:
                raise Conflict("此提交键已被使用，请刷新页面后重新填写。", code="client_key_reused")
            return existing, False
    try:
        node = Territory.objects.get(pk=int(territory_id))
    except (Territory.DoesNotExist, TypeError, ValueError):
        raise NotFound("网格未找到。")
    roles = set(Role.values) if actor.is_superuser else roles_at(actor, node.path)
    if not roles:
        raise NotFound("网格未找到。")
    if not roles & PATROLLERS:
        raise PermissionDenied("您的角色不能录入巡访。")
    date = date or today()
    if date > today():
        raise ValidationFailed("巡访日期不能晚于今天。")
    kind, person = _patroller(actor, node, grid_worker_id, council_member_id)
    points = _route(route, coord_system)
    homes = _households(node, [v.get("household_id") for v in visits or []])
    rows = [_finding(node, f) for f in findings or []]
    try:
        with transaction.atomic():
            patrol = Patrol.objects.create(
                territory=node,
                date=date,
                route=points,
                distance_m=route_length_m(points),
                note=(note or "").strip(),
                recorded_by=actor,
                client_key=key,
                **{kind: person},
            )
            Visit.objects.bulk_create(
                [
                    Visit(
                        patrol=patrol,
                        household=homes[int(v["household_id"])],
                        visited_on=date,
                        note=(v.get("note") or "")[:200],
                    )
                    for v in {int(v["household_id"]): v for v in visits or []}.values()
                ]
            )
            for f in rows:
                f.patrol = patrol
            Finding.objects.bulk_create(rows)
            for f in rows:
                if f.to_demand:
                    finding_to_demand(actor=actor, finding_id=f.pk)
    except IntegrityError:
        existing = Patrol.objects.filter(client_key=key).first() if key else None
        if existing is None:
            raise
        return existing, False
    return patrol, True


def _finding(node: Territory, raw: dict) -> Finding:
    category = raw.get("category")
    if category not in FindingCategory.values:
        raise ValidationFailed(f"问题类别应为：{'、'.join(str(lbl) for lbl in FindingCategory.labels)}。")
    description = (raw.get("description") or "").strip()
    if not description:
        raise ValidationFailed("请描述发现的问题。")
    disposition = raw.get("disposition") or Disposition.PASSED_ON
    if disposition not in Disposition.values:
        raise ValidationFailed("处置方式只能是当场解决或上报转办。")
    place = node
    if raw.get("territory_id"):
        place = Territory.objects.filter(
            pk=raw["territory_id"], path__range=subtree_bounds(node.path)
        ).first()
        if place is None:
            raise ValidationFailed(f"问题地点不在「{node.name}」内。")
    finding = Finding(territory=place, category=category, description=description, disposition=disposition)
    finding.to_demand = bool(raw.get("to_demand")) and disposition == Disposition.PASSED_ON
    return finding


def finding_to_demand(*, actor: User, finding_id: int):
    """Pass a finding on to the demand loop in one tap (channel 巡查); tapping twice makes one demand.

    When the demand app cannot take it, the finding is still marked 上报转办 and the reason is kept
    in `handoff_note`, so the review lists count it as passed on.
    """
    with transaction.atomic():
        try:
            finding = (
                restrict(Finding.objects.all(), actor)
                .select_for_update(of=("self",))
                .select_related("territory", "patrol")
                .get(pk=int(finding_id))
            )
        except (Finding.DoesNotExist, TypeError, ValueError):
            raise NotFound("巡访发现未找到。")
        if finding.demand_id:
            return finding.demand
        roles = set(Role.values) if actor.is_superuser else roles_at(actor, finding.territory.path)
        if not roles & PATROLLERS:
            raise PermissionDenied("您的角色不能把巡访发现转为诉求。")
        try:
            from gongzhi.demands.services import demand_submit
        except ImportError:  # the demand loop is not installed: record the intent only
            finding.disposition = Disposition.PASSED_ON
            finding.handoff_note = "诉求模块未启用，已记录为上报转办，待诉求模块启用后补录"
            finding.save(update_fields=["disposition", "handoff_note", "updated_at"])
            return None
        # Council members bring it in through the council channel, which the demand loop lets them use.
        channel = (
            "patrol" if actor.is_superuser or roles & {Role.GRID_WORKER, Role.COMMUNITY_WORKER} else "council"
        )
        demand, _ = demand_submit(
            actor=actor,
            idempotency_key=f"patrol-finding-{finding.pk}",
            channel=channel,
            title=f"巡访发现：{finding.get_category_display()}",
            text=finding.description,
            category_code=finding.category,
            territory_id=finding.territory_id,
        )
        finding.demand = demand
        finding.disposition = Disposition.PASSED_ON
        finding.handoff_note = ""
        finding.save(update_fields=["demand", "disposition", "handoff_note", "updated_at"])
        # A finding at a household reaches the safe-household rule through demands' intake hook.
    return demand
