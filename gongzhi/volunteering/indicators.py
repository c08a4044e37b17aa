"""The volunteering figures (志愿服务) the analytics layer shows."""

from __future__ import annotations

from gongzhi.core.figures import COUNT, HOURS, PEOPLE, Definition, Provider, Value, amount
from gongzhi.volunteering.selectors import volunteering_children, volunteering_figures

DEFINITIONS = [
    Definition("volunteering.service_hours", "志愿服务时长", "Volunteer hours", HOURS, "期间内签退的志愿服务小时数", headline=True),
    Definition("volunteering.activities", "志愿活动", "Activities", COUNT, "期间内开始且未取消的活动场次", None),
    Definition("volunteering.people_served", "服务人次", "People served", PEOPLE, "期间内已结束活动登记的服务人次"),
    Definition("volunteering.volunteers", "注册志愿者", "Volunteers", PEOPLE, "期末已注册的志愿者人数", None),
]  # fmt: skip


def _values(r: dict) -> dict[str, Value]:
    return {
        "volunteering.service_hours": amount(r["service_hours"]),
        "volunteering.activities": amount(r["activities"]),
        "volunteering.people_served": amount(r["people_served"]),
        "volunteering.volunteers": amount(r["volunteers"]),
    }


def for_node(*, node, period) -> dict[str, Value]:
    return _values(volunteering_figures(node=node, period=period))


def for_children(*, node, period, children) -> dict[int, dict[str, Value]]:
    rows = {r["node"].pk: r for r in volunteering_children(node=node, period=period)}
    return {c.pk: _values(rows[c.pk]) for c in children if c.pk in rows}


PROVIDER = Provider(
    area="volunteering",
    label="志愿服务",
    label_en="Volunteering",
    order=50,
    definitions=DEFINITIONS,
    for_node=for_node,
    for_children=for_children,
    page="volunteering:figures",
)
