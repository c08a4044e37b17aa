"""Validate and mask the personal data the registries hold (PIPL)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

# The two leading digits of every resident ID: the 34 provincial-level divisions, and
# 81-83 for the residence permits of Hong Kong, Macau and Taiwan residents.
PROVINCE_PREFIXES = set(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def id_number_problem(value: str) -> str | None:
    """Return why an 18-character resident ID is invalid, or None when it is valid."""
    v = (value or "").strip().upper()
    if len(v) != 18 or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return "身份证号应为 18 位（前 17 位数字，最后一位数字或 X）"
    if v[:2] not in PROVINCE_PREFIXES:
        return f"身份证号的地区码 {v[:6]} 不存在"
    try:
        born = dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return f"身份证号中的出生日期 {v[6:14]} 不是有效日期"
    if born.year < 1900 or born > dt.date.today():
        return f"身份证号中的出生日期 {v[6:14]} 不合理"
    check = _CHECK[sum(int(c) * w for c, w in zip(v[:17], _WEIGHTS, strict=True)) % 11]
    if v[17] != check:
        return "身份证号校验位不正确"
    return None


def validate_id_number(value: str) -> None:
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(problem, code="id_number")


def phone_problem(value: str) -> str | None:
    if not PHONE_RE.match((value or "").strip()):
        return "电话号码格式不对（11 位手机号，或带区号的固定电话）"
    return None


def validate_phone(value: str) -> None:
    problem = phone_problem(value)
    if problem:
        raise ValidationError(problem, code="phone")


def birth_date_of(id_number: str) -> dt.date | None:
    if id_number_problem(id_number):
        return None
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def mask_id_number(value: str) -> str:
    """Keep the region and the last digit: 340303********123X → 340303********12X style."""
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 8) + value[-2:] if len(value) > 8 else "*" * len(value)


def mask_phone(value: str) -> str:
    if not value:
        return ""
    return value[:3] + "****" + value[-4:] if len(value) >= 11 else value[:2] + "****"


def mask_address(value: str) -> str:
    """Keep the area, hide the door: anything after the first digit is replaced."""
    if not value:
        return ""
    m = re.search(r"\d", value)
    return (value[: m.start()] + "****") if m else value[: max(4, len(value) // 2)] + "****"
