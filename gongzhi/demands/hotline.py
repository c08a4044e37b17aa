"""Hotline transfer (热线转办): batch import of 12345 / 12348 / 110 non-police work orders from Excel.

All or nothing: every row is checked first and a file with any bad row is refused whole,
naming the row as Excel shows it (the header is row 1), the column and the reason. The
order number becomes the idempotency key, so importing the same file again creates nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import ApplicationError, ImportRejected, ValidationFailed
from gongzhi.core.spreadsheet import xlsx_bytes
from gongzhi.core.tabular import read_rows
from gongzhi.core.validators import phone_problem
from gongzhi.demands.models import Category, Channel, Demand
from gongzhi.demands.services import demand_submit
from gongzhi.people.models import User

COLUMNS = ["工单号", "来源", "时间", "诉求人", "电话", "地址", "内容", "分类"]
REQUIRED = ("工单号", "来源", "时间", "内容")
SOURCES = {"12345": "12345 政务服务便民热线", "12348": "12348 公共法律服务热线", "110": "110 非警务警情"}
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)
MAX_ROWS = 5000
# A call logged a little ahead of the server's clock is a clock difference, not a typing error.
CLOCK_SLACK = dt.timedelta(minutes=10)
EXAMPLE_ROWS = [
    [
        "HL2026110001",
        "12345",
        "2026-11-02 09:15",
        "李桂兰",
        "13912345678",
        "A街道A社区3号楼",
        "楼道灯坏了一周",
        "",
    ],
    ["HL2026110002", "110", "2026-11-02 22:40", "赵建国", "", "A社区", "楼上装修噪音扰民到深夜", "矛盾调解"],
]


@dataclass
class HotlineOrder:
    row: int
    order_no: str
    source: str
    received_at: dt.datetime
    name: str
    phone: str
    address: str
    text: str
    category_code: str | None

    @property
    def key(self) -> str:
        return f"hotline-{self.source}-{self.order_no}"


@dataclass
class HotlineImportResult:
    rows: int = 0
    created: int = 0
    already: int = 0
    unlocated: int = 0
    demand_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        text = f"共 {self.rows} 条工单：新建诉求 {self.created} 条，此前已导入 {self.already} 条"
        if self.unlocated:
            text += f"，其中 {self.unlocated} 条未能定位、已进入待分拣队列"
        return text + "。"


def template_bytes() -> bytes:
    """The blank template desk workers fill in, with two example rows."""
    return xlsx_bytes(title="热线工单", headers=COLUMNS, rows=EXAMPLE_ROWS)


def _parse_time(value: str) -> dt.datetime | None:
    value = value.strip().replace("T", " ")
    if "." in value and value.count(":") == 2:
        value = value.split(".", 1)[0]  # a spreadsheet's datetime cell may carry microseconds
    for fmt in DATETIME_FORMATS:
        try:
            return timezone.make_aware(dt.datetime.strptime(value, fmt))
        except ValueError:
            continue
    return None


def _categories() -> dict[str, str]:
    by_name = {}
    for code, name in Category.objects.filter(active=True).values_list("code", "name"):
        by_name[name] = code
        by_name[code] = code
    return by_name


def parse(path: str | Path) -> list[HotlineOrder]:
    """Read and check every row; raise ImportRejected listing each bad one, or return the orders."""
    categories = _categories()
    now = timezone.now()
    errors: list[tuple[int, str, str]] = []
    orders: list[HotlineOrder] = []
    seen: dict[tuple[str, str], int] = {}
    rows = list(read_rows(path))
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(f"一个文件最多 {MAX_ROWS} 条工单，此文件有 {len(rows)} 条，请分批导入。")
    first = next((r for r in rows if r), None)
    missing = [c for c in REQUIRED if first is not None and c not in first]
    if missing:
        raise ImportRejected([(1, c, "表头缺少此列，请使用下载的模板") for c in missing])
    for i, values in enumerate(rows, start=2):
        if not values:
            continue
        before = len(errors)
        for col in REQUIRED:
            if not values.get(col, ""):
                errors.append((i, col, "不能为空"))
        order_no, source = values.get("工单号", ""), values.get("来源", "").replace("热线", "").strip()
        if order_no and len(order_no) > 40:
            errors.append((i, "工单号", "不能超过 40 个字符"))
        if source and source not in SOURCES:
            errors.append((i, "来源", f"「{source}」不是 12345、12348 或 110"))
        received_at = None
        if values.get("时间"):
            received_at = _parse_time(values["时间"])
            if received_at is None:
                errors.append((i, "时间", f"「{values['时间']}」不是日期时间，请写成 2026-11-02 09:15"))
            elif received_at > now + CLOCK_SLACK:
                errors.append((i, "时间", "晚于当前时间"))
        phone = values.get("电话", "")
        if phone and phone_problem(phone):
            errors.append((i, "电话", phone_problem(phone)))
        category = values.get("分类", "")
        if category and category not in categories:
            names = "、".join(sorted(set(categories) - set(categories.values())))
            errors.append((i, "分类", f"没有分类「{category}」，可选：{names}"))
        if order_no and source:
            if (source, order_no) in seen:
                errors.append((i, "工单号", f"与第 {seen[(source, order_no)]} 行重复"))
            seen.setdefault((source, order_no), i)
        if len(errors) == before:
            orders.append(
                HotlineOrder(
                    row=i,
                    order_no=order_no,
                    source=source,
                    received_at=received_at,
                    name=values.get("诉求人", "")[:50],
                    phone=phone,
                    address=values.get("地址", "")[:200],
                    text=values["内容"],
                    category_code=categories.get(category) if category else None,
                )
            )
    if errors:
        raise ImportRejected(errors)
    if not orders:
        raise ValidationFailed("文件里没有工单。")
    return orders


def hotline_import(*, actor: User, path: str | Path) -> HotlineImportResult:
    """Import a file of hotline work orders as demands (channel 热线转办), all or nothing."""
    orders = parse(path)
    result = HotlineImportResult(rows=len(orders))
    existing = set(
        Demand.objects.filter(idempotency_key__in=[o.key for o in orders]).values_list(
            "idempotency_key", flat=True
        )
    )
    with transaction.atomic():
        for order in orders:
            if order.key in existing:
                # Imported before, perhaps by a colleague: the file is the same, so nothing is new.
                result.already += 1
                continue
            try:
                demand, created = demand_submit(
                    actor=actor,
                    idempotency_key=order.key,
                    channel=Channel.HOTLINE,
                    title=f"{order.source}工单 {order.order_no}",
                    text=order.text,
                    category_code=order.category_code,
                    address=order.address,
                    contact_name=order.name,
                    contact_phone=order.phone,
                    event_extra={
                        "source": order.source,
                        "order_no": order.order_no,
                        "received_at": order.received_at.isoformat(),
                    },
                )
            except ApplicationError as exc:
                raise ImportRejected([(order.row, "工单号", exc.message.rstrip("。"))])
            result.created += int(created)
            result.already += int(not created)
            result.unlocated += int(created and demand.territory_id is None)
            result.demand_ids.append(demand.pk)
    return result
