"""Boundary polygons from the DataV GeoJSON files, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongzhi.territory.models import Territory

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
BENGBU = SHARED / "divisions" / "bengbu-3403.csv"
BENGBU_BOUNDARIES = SHARED / "boundaries" / "340300_full.json"


@pytest.mark.django_db
def test_bengbu_boundaries_attach_seven_polygons(capsys):
    call_command("territory", "import", str(BENGBU))
    call_command("territory", "import-boundaries", str(BENGBU_BOUNDARIES))
    assert "挂接 7 个" in capsys.readouterr().out
    with_boundary = Territory.objects.filter(boundary__isnull=False)
    assert sorted(with_boundary.values_list("division_code", flat=True)) == [
        "340302000000",
        "340303000000",
        "340304000000",
        "340311000000",
        "340321000000",
        "340322000000",
        "340323000000",
    ]
    lzh = Territory.objects.get(division_code="340302000000")
    assert lzh.boundary["type"] == "MultiPolygon"
    assert 117 < lzh.lng < 118 and 32 < lzh.lat < 33.5


@pytest.mark.django_db
def test_a_boundary_file_with_an_unknown_code_is_refused_whole(tmp_path):
    call_command("territory", "import", str(BENGBU))
    data = json.loads(BENGBU_BOUNDARIES.read_text(encoding="utf-8"))
    data["features"][3]["properties"]["adcode"] = 349999
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as err:
        call_command("territory", "import-boundaries", str(bad))
    assert "349999000000" in str(err.value) and "不在区划树中" in str(err.value)
    assert not Territory.objects.filter(boundary__isnull=False).exists()


@pytest.mark.django_db
def test_skip_unknown_attaches_the_rest(tmp_path, capsys):
    call_command("territory", "import", str(BENGBU))
    data = json.loads(BENGBU_BOUNDARIES.read_text(encoding="utf-8"))
    data["features"][3]["properties"]["adcode"] = 349999
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("territory", "import-boundaries", str(bad), "--skip-unknown")
    assert "挂接 6 个，跳过 1 个" in capsys.readouterr().out
    assert Territory.objects.filter(boundary__isnull=False).count() == 6


@pytest.mark.django_db
def test_a_file_that_is_not_geojson_is_a_command_error(tmp_path):
    p = tmp_path / "x.json"
    p.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 GeoJSON"):
        call_command("territory", "import-boundaries", str(p))
