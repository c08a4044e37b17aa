"""The patrol registers in Excel: duty rules, patrols, visits and findings, each all-or-nothing.

A visit or finding names its patrol by the patrol's 编号 (as exported, or #编号).
A route is written as "经度,纬度;经度,纬度;…" in GCJ-02.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongzhi.core.cells import ChoiceWidget, CountWidget, DateWidget, TextWidget, YesNoWidget, text
from gongzhi.patrols.models import Disposition, DutyKind, DutyRule, Finding, FindingCategory, Patrol, Visit
from gongzhi.patrols.services import route_length_m
from gongzhi.people.models import CouncilMember, GridWorker
from gongzhi.people.resource_base import NamedRefWidget, RegistryResource, col, territory_col
from gongzhi.people.scope import restrict
from gongzhi.territory.levels import Level
from gongzhi.territory.resources import in_scope

UNITS = {Level.GRID, Level.COMPOUND, Level.NATURAL_VILLAGE, Level.COMMUNITY}


class CouncilMemberRefWidget(NamedRefWidget):
    """A council member named by name (or #id), looked up near the row's territory."""

    def __init__(self, territory_column: str):
        super().__init__(CouncilMember, territory_column, "议事会成员", territory_attr="council__territory")

    def _path(self, obj) -> str:
        return obj.council.territory.path


class RouteWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        points = []
        for part in text(value).replace("；", ";").split(";"):
            if not part.strip():
                continue
            try:
                lng, lat = (float(x) for x in part.replace("，", ",").split(","))
            except ValueError:
                raise ValueError(f"路线点「{part}」应写成 经度,纬度")
            points.append([lng, lat])
        return points

    def render(self, value, obj=None, **kwargs):
        return ";".join(f"{p[0]},{p[1]}" for p in value or [])


class OptionalCountWidget(CountWidget):
    """A count that may be left blank (stored as empty, not 0)."""

    def clean(self, value, row=None, **kwargs):
        return None if not text(value) else super().clean(value, row, **kwargs)


class PatrolRefWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        key = text(value).lstrip("#")
        if not key:
            return None
        user = kwargs.get("user")
        qs = Patrol.objects.select_related("territory")
        patrol = (
            (restrict(qs, user) if user is not None else qs).filter(pk=int(key)).first()
            if key.isdigit()
            else None
        )
        if patrol is None or (user is not None and not in_scope(user, patrol.territory.path)):
            raise ValueError(f"找不到编号为「{key}」的巡访记录，或它不在您的管辖范围内")
        return patrol

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value.pk)


class DutyRuleResource(RegistryResource):
    name = col("name", "名称")
    kind = col("kind", "类型", ChoiceWidget(DutyKind.choices))
    tag = col("tag", "居民标签")
    interval_days = col("interval_days", "走访周期(天)", OptionalCountWidget())
    territory = territory_col("territory", "适用辖区")
    description = col("description", "说明")
    active = col("active", "启用", YesNoWidget())
    natural_key = ("territory", "name")
    example = {
        "name": "独居老人必访",
        "kind": "必访",
        "tag": "独居老人",
        "interval_days": "7",
        "territory": "340300000000",
        "description": "每周至少上门一次",
        "active": "是",
    }

    class Meta(RegistryResource.Meta):
        model = DutyRule
        fields = ("id", "name", "kind", "tag", "interval_days", "territory", "description", "active")


class PatrolResource(RegistryResource):
    territory = territory_col("territory", "巡访网格", UNITS)
    date = col("date", "巡访日期", DateWidget())
    grid_worker = col("grid_worker", "网格员", NamedRefWidget(GridWorker, "巡访网格", "网格员"))
    council_member = col("council_member", "议事会成员", CouncilMemberRefWidget("巡访网格"))
    route = col("route", "巡访路线(GCJ-02)", RouteWidget())
    note = col("note", "巡访记录")
    natural_key = ()
    example = {
        "territory": "340302001001/第一网格",
        "date": "2024-05-06",
        "grid_worker": "赵六",
        "route": "117.3601,32.9402;117.3612,32.9409",
        "note": "走访独居老人 3 户，清理楼道杂物 1 处",
    }

    class Meta(RegistryResource.Meta):
        model = Patrol
        fields = ("id", "territory", "date", "grid_worker", "council_member", "route", "note")

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            instance.distance_m = route_length_m(instance.route or [])


class VisitResource(RegistryResource):
    patrol = col("patrol", "巡访编号", PatrolRefWidget())
    household = territory_col("household", "走访户", {Level.HOUSEHOLD}, "走访户")
    visited_on = col("visited_on", "走访日期", DateWidget(), readonly=True)
    note = col("note", "走访情况")
    natural_key = ("patrol", "household")
    example = {"patrol": "1", "household": "340302001001/第一网格/1栋/101室", "note": "老人身体健康"}

    class Meta(RegistryResource.Meta):
        model = Visit
        fields = ("id", "patrol", "household", "visited_on", "note")

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.message_dict
        patrol = instance.patrol if instance.patrol_id else None
        if patrol is not None:
            instance.visited_on = patrol.date
            if instance.household_id and not instance.household.path.startswith(patrol.territory.path):
                errors.setdefault("走访户", []).append(f"不在巡访网格「{patrol.territory.name}」内")
        if errors:
            raise ValidationError(errors)


class FindingResource(RegistryResource):
    patrol = col("patrol", "巡访编号", PatrolRefWidget())
    territory = territory_col("territory", "发现地点")
    category = col("category", "类别", ChoiceWidget(FindingCategory.choices))
    description = col("description", "问题描述")
    disposition = col("disposition", "处置方式", ChoiceWidget(Disposition.choices))
    demand = col("demand_id", "转办诉求编号", readonly=True)
    natural_key = ()
    example = {
        "patrol": "1",
        "territory": "340302001001/第一网格",
        "category": "安全防护",
        "description": "3 栋楼道电动车充电飞线",
        "disposition": "当场解决",
    }

    class Meta(RegistryResource.Meta):
        model = Finding
        fields = ("id", "patrol", "territory", "category", "description", "disposition", "demand")


RESOURCES = {
    "duty-rules": DutyRuleResource,
    "patrols": PatrolResource,
    "patrol-visits": VisitResource,
    "patrol-findings": FindingResource,
}


def register() -> None:
    """Add these registers to the ones `gongzhi registry` and the back office know (idempotent)."""
    from gongzhi.people.resources import REGISTRIES

    for name, resource in RESOURCES.items():
        REGISTRIES.setdefault(name, resource)
