"""Shape services, definitions and requests into the spec's elements, in their order.

Only what the spec lists goes out. The reporter's name and phone never do; the address is
masked past the street (the door number is personal data) and the point is given in
WGS-84, as the spec wants, rounded to 3 decimals (about 100 m).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongzhi.core.validators import mask_address
from gongzhi.demands.models import Category, Demand
from gongzhi.open311.selectors import status_of
from gongzhi.territory.geo import gcj02_to_wgs84

PUBLIC_DECIMALS = 3

# The attributes every service takes beyond the spec's standard fields (attribute[code]=value).
ATTRIBUTES = [
    {
        "variable": True,
        "code": "title",
        "datatype": "string",
        "required": False,
        "datatype_description": "不超过 100 个字",
        "order": 1,
        "description": "标题（可选），如：3号楼电梯停运",
    }
]


def w3(value: dt.datetime | None) -> str | None:
    """Format a time the w3 way with its offset, in Beijing time: 2026-05-01T09:30:00+08:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def service(category: Category) -> dict:
    keywords = [k for k in category.keywords or [] if k]
    about = f"{category.name}类诉求" + (f"，如：{'、'.join(keywords[:6])}" if keywords else "")
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": about,
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(keywords),
        "group": category.parent.name if category.parent_id else "",
    }


def definition(category: Category) -> dict:
    return {"service_code": category.code, "attributes": ATTRIBUTES}


def _status_notes(demand: Demand) -> str:
    if demand.merged_into_id:
        return f"{demand.get_state_display()}：与诉求 {demand.merged_into_id} 合并办理"
    return demand.get_state_display()


def _point(demand: Demand) -> tuple[float | None, float | None]:
    if demand.lng is None or demand.lat is None:
        return None, None
    lng, lat = gcj02_to_wgs84(demand.lng, demand.lat)
    return round(lat, PUBLIC_DECIMALS), round(lng, PUBLIC_DECIMALS)


def request(demand: Demand) -> dict:
    lat, lng = _point(demand)
    category = demand.category
    return {
        "service_request_id": demand.pk,
        "status": status_of(demand.state),
        "status_notes": _status_notes(demand),
        "service_name": category.name if category else "",
        "service_code": category.code if category else "",
        "description": demand.text,
        "agency_responsible": demand.handler.name if demand.handler_id else "",
        "service_notice": "",
        "requested_datetime": w3(demand.created_at),
        "updated_datetime": w3(demand.updated_at),
        "expected_datetime": w3(demand.due_at),
        "address": mask_address(demand.address) if demand.address else demand.territory.name,
        "address_id": demand.territory_id,
        "zipcode": "",
        "lat": lat,
        "long": lng,
        "media_url": "",
    }


def submitted(demand_id: int | None, token: str | None) -> dict:
    if token is not None:
        return {
            "token": token,
            "service_notice": "诉求已收到，正在确定所在辖区；请稍后用令牌查询诉求编号。",
            "account_id": "",
        }
    return {
        "service_request_id": demand_id,
        "service_notice": "诉求已收到，将按分类交办并在时限内办理。",
        "account_id": "",
    }


def token(value: str, demand_id: int | None) -> dict:
    return {"service_request_id": demand_id, "token": value}
