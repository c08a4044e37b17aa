"""The registries as pages and Excel show them: columns, search fields and masking, in one place.

A page and its "导出 Excel" download read the same spec, so the file holds exactly
the rows and the masking the viewer sees on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Model, Q, QuerySet

from gongzhi.core.validators import mask_address, mask_id_number, mask_phone
from gongzhi.people.models import (
    CommunityWorker,
    Council,
    CouncilMember,
    GridWorker,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    Resident,
)
from gongzhi.people.models.org import CouncilRole
from gongzhi.people.scope import needs_personal_data
from gongzhi.people.services import scope_path_of

MASKS: dict[str, Callable[[str], str]] = {
    "phone": mask_phone,
    "id_number": mask_id_number,
    "address": mask_address,
}


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if obj is None:
            return None
        display = getattr(obj, f"get_{part}_display", None)
        obj = display() if display else getattr(obj, part, None)
    return obj


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


@dataclass
class Column:
    label: str
    source: str | Callable[[Any], Any]
    kind: str = "text"  # "text", or one of MASKS: personal data, masked for some viewers

    def raw(self, obj: Any) -> Any:
        return self.source(obj) if callable(self.source) else _get(obj, self.source)

    def value(self, obj: Any, *, full: bool) -> str:
        text = _plain(self.raw(obj))
        if self.kind in MASKS and not full:
            return MASKS[self.kind](text)
        return text


@dataclass
class Registry:
    slug: str
    title: str
    model: type[Model]
    columns: list[Column]
    search: list[str]
    related: list[str] = field(default_factory=list)
    annotate: dict[str, Any] = field(default_factory=dict)

    def queryset(self) -> QuerySet:
        path = self.model.scope_field + "__path"
        qs = self.model.objects.select_related(*self.related).order_by(path, "pk")
        return qs.annotate(**self.annotate) if self.annotate else qs

    def filter_text(self, qs: QuerySet, q: str) -> QuerySet:
        if not q:
            return qs
        cond = Q()
        for f in self.search:
            cond |= Q(**{f"{f}__icontains": q})
        return qs.filter(cond)

    def row(self, obj: Model, *, full: bool) -> dict:
        cells = [c.value(obj, full=full) for c in self.columns]
        # The phone view lists a record in one line: a yes/no column shows as its label when yes.
        brief = []
        for c, text in zip(self.columns[1:], cells[1:], strict=True):
            raw = c.raw(obj)
            if isinstance(raw, bool):
                text = c.label if raw else ""
            if text:
                brief.append(text)
        return {"obj": obj, "cells": cells, "brief": brief}

    def rows_for(self, user, objs) -> list[dict]:
        """Turn records into rows, masking personal data where the viewer's role does not need it."""
        return [self.row(o, full=needs_personal_data(user, scope_path_of(o))) for o in objs]

    @property
    def headers(self) -> list[str]:
        return [c.label for c in self.columns]


def _council_roles(member: CouncilMember) -> list[str]:
    labels = dict(CouncilRole.choices)
    return [str(labels.get(r, r)) for r in member.roles or []]


REGISTRIES: dict[str, Registry] = {
    r.slug: r
    for r in [
        Registry(
            "party-members",
            "党员",
            PartyMember,
            [
                Column("姓名", "name"),
                Column("性别", "gender"),
                Column("身份证号", "id_number", "id_number"),
                Column("手机号", "phone", "phone"),
                Column("所在党组织", "party_org.name"),
                Column("报到社区", "territory.name"),
                Column("在职党员双报到", "registered_in_service"),
                Column("工作单位", "work_unit"),
                Column("入党日期", "joined_on"),
            ],
            search=["name", "work_unit", "party_org__name"],
            related=["party_org", "territory"],
        ),
        Registry(
            "residents",
            "居民",
            Resident,
            [
                Column("姓名", "name"),
                Column("性别", "gender"),
                Column("身份证号", "id_number", "id_number"),
                Column("手机号", "phone", "phone"),
                Column("地址", lambda r: r.household.address or r.household.name, "address"),
                Column("户主", "is_head"),
                Column("与户主关系", "relation"),
                Column("标签", "tags"),
            ],
            search=["name", "relation"],
            related=["household"],
        ),
        Registry(
            "grid-workers",
            "网格员",
            GridWorker,
            [
                Column("姓名", "name"),
                Column("手机号", "phone", "phone"),
                Column("身份证号", "id_number", "id_number"),
                Column("专兼职", "employment"),
                Column("负责网格", "territory.name"),
            ],
            search=["name", "territory__name"],
            related=["territory"],
        ),
        Registry(
            "community-workers",
            "社区工作者",
            CommunityWorker,
            [
                Column("姓名", "name"),
                Column("手机号", "phone", "phone"),
                Column("身份证号", "id_number", "id_number"),
                Column("岗位", "post"),
                Column("所在社区", "territory.name"),
            ],
            search=["name", "post", "territory__name"],
            related=["territory"],
        ),
        Registry(
            "councils",
            "议事会/理事会",
            Council,
            [
                Column("名称", "name"),
                Column("类型", "kind"),
                Column("结对支部", "branch.name"),
                Column("所在辖区", "territory.name"),
                Column("选举日期", "elected_on"),
                Column("成员数", "n_members"),
            ],
            search=["name", "territory__name", "branch__name"],
            related=["branch", "territory"],
            annotate={"n_members": Count("members")},
        ),
        Registry(
            "council-members",
            "议事会成员",
            CouncilMember,
            [
                Column("姓名", "name"),
                Column("手机号", "phone", "phone"),
                Column("身份", _council_roles),
                Column("党员", "is_party_member"),
                Column("议事会", "council.name"),
                Column("所在辖区", "council.territory.name"),
            ],
            search=["name", "council__name"],
            related=["council__territory"],
        ),
        Registry(
            "party-orgs",
            "党组织",
            PartyOrg,
            [
                Column("名称", "name"),
                Column("类型", "kind"),
                Column("所在辖区", "territory.name"),
                Column("上级组织", "parent.name"),
                Column("书记", "secretary_name"),
                Column("成立日期", "founded_on"),
                Column("党员数", "n_members"),
            ],
            search=["name", "secretary_name", "territory__name"],
            related=["territory", "parent"],
            annotate={"n_members": Count("members")},
        ),
        Registry(
            "partner-units",
            "共建单位",
            PartnerUnit,
            [
                Column("单位名称", "name"),
                Column("单位类型", "kind"),
                Column("联系人", "contact_name"),
                Column("联系电话", "phone", "phone"),
                Column("共建社区", "territory.name"),
            ],
            search=["name", "contact_name", "territory__name"],
            related=["territory"],
        ),
    ]
}
