"""Attach polygons to territory nodes from a DataV-style GeoJSON file, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from gongzhi.core.errors import ImportRejected, ValidationFailed
from gongzhi.territory.models import Territory

# DataV still names two Zhangzhou districts by their pre-2021 county codes.
RENAMED_CODES = {"350625": "350605", "350681": "350604"}


def _division_code(adcode) -> str:
    code = str(adcode).strip()
    code = RENAMED_CODES.get(code, code)
    return code.ljust(12, "0") if len(code) < 12 else code


def territory_import_boundaries(*, actor=None, path: str | Path, skip_unknown: bool = False) -> dict:
    """Attach each feature's polygon (and centroid, when the node has no point) by division code."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationFailed(f"找不到文件：{path}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(f"{path.name} 不是有效的 GeoJSON：{exc}")
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ValidationFailed(f"{path.name} 不是 GeoJSON FeatureCollection")
    errors: list[tuple[int, str, str]] = []
    plan: list[tuple[str, dict, tuple[float, float]]] = []
    codes = []
    for i, f in enumerate(features, start=1):
        props = f.get("properties") or {}
        adcode = props.get("adcode")
        if adcode in (None, ""):
            errors.append((i, "adcode", "缺少区划代码 adcode"))
            continue
        try:
            geom = shape(f.get("geometry"))
        except Exception as exc:  # shapely raises several kinds for malformed geometry
            errors.append((i, "geometry", f"几何图形无法解析：{exc}"))
            continue
        if geom.geom_type not in {"Polygon", "MultiPolygon"}:
            errors.append((i, "geometry", f"应为面（Polygon/MultiPolygon），实际是 {geom.geom_type}"))
            continue
        if not geom.is_valid:
            errors.append((i, "geometry", f"几何图形无效：{explain_validity(geom)}"))
            continue
        code = _division_code(adcode)
        c = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
        plan.append((code, mapping(geom), (c.x, c.y)))
        codes.append(code)
    found = dict(Territory.objects.filter(division_code__in=codes).values_list("division_code", "pk"))
    missing = [(i, code) for i, (code, _, _) in enumerate(plan, start=1) if code not in found]
    if missing and not skip_unknown:
        errors.extend((i, "adcode", f"区划代码 {code} 不在区划树中（请先导入区划）") for i, code in missing)
    if errors:
        raise ImportRejected(sorted(errors))
    attached = 0
    with transaction.atomic():
        for code, geojson, (lng, lat) in plan:
            if code not in found:
                continue
            node = Territory.objects.get(pk=found[code])
            node.boundary = json.loads(json.dumps(geojson))
            if node.lng is None:
                node.lng, node.lat = lng, lat
            node._history_user = actor
            node._change_reason = "导入边界"
            node.save(update_fields=["boundary", "lng", "lat", "updated_at"])
            attached += 1
    return {"features": len(features), "attached": attached, "skipped": len(missing) if skip_unknown else 0}
