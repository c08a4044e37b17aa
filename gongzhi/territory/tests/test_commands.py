"""The `territory` and `registry` commands, through call_command and through the real console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongzhi.territory.models import Territory

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
BENGBU = SHARED / "divisions" / "bengbu-3403.csv"


def _write(tmp_path, body: str, name="d.csv") -> Path:
    p = tmp_path / name
    p.write_text("code,name,parent_code,level,kind\n" + body, encoding="utf-8")
    return p


GOOD = "340000000000,安徽省,,province,\n340300000000,蚌埠市,340000000000,city,\n"


@pytest.mark.django_db
def test_import_prints_the_summary_and_reimport_changes_nothing(tmp_path, capsys):
    call_command("territory", "import", str(BENGBU))
    assert "新建 1255" in capsys.readouterr().out
    call_command("territory", "import", str(BENGBU))
    assert "新建 0，更新 0，移动 0，未变 1255" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_bad_division_file_is_a_command_error_with_the_first_error_and_the_count(tmp_path):
    path = _write(tmp_path, GOOD + "340302000000,,340300000000,district,\nx,坏,349900000000,district,\n")
    with pytest.raises(CommandError) as err:
        call_command("territory", "import", str(path))
    first, *rest = str(err.value).splitlines()
    assert first.startswith("第 4 行，列「名称」：名称为空") and "共 3 处错误" in first
    assert len(rest) == 2 and all("第 5 行" in line for line in rest)
    assert Territory.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["csv", "csv.gz", "xlsx"])
def test_export_round_trips_through_import_with_zero_changes(tmp_path, capsys, suffix):
    call_command("territory", "import", str(BENGBU))
    out = tmp_path / f"out.{suffix}"
    call_command("territory", "export", str(out))
    capsys.readouterr()
    call_command("territory", "import", str(out))
    assert "新建 0，更新 0，移动 0，未变 1255" in capsys.readouterr().out


@pytest.mark.django_db
def test_export_under_a_code_holds_that_subtree_only(tmp_path, capsys):
    call_command("territory", "import", str(BENGBU))
    out = tmp_path / "lzh.csv"
    call_command("territory", "export", str(out), "--under", "340302000000")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code,name,parent_code,level,kind"
    assert lines[1].startswith("340302000000,龙子湖区,340300000000,district")
    assert all(line.startswith("340302") for line in lines[1:])
    lzh = Territory.objects.get(division_code="340302000000")
    assert len(lines) - 1 == Territory.objects.subtree(lzh).count()
    capsys.readouterr()
    call_command("territory", "import", str(out))
    assert "新建 0，更新 0，移动 0" in capsys.readouterr().out


@pytest.mark.django_db
def test_move_puts_a_street_under_another_district(tmp_path):
    from gongzhi.people.tests.factories import UserFactory

    call_command("territory", "import", str(BENGBU))
    with pytest.raises(CommandError, match="执行账号"):
        call_command("territory", "move", "340302001000", "340303000000")
    UserFactory(username="root", is_superuser=True, is_staff=True)
    call_command("territory", "move", "340302001000", "340303000000")
    street = Territory.objects.get(division_code="340302001000")
    assert street.get_parent().division_code == "340303000000"
    assert street.history.first().history_user.username == "root"
    with pytest.raises(CommandError, match="不能放在"):
        call_command("territory", "move", "340304000000", "340303001000")
    with pytest.raises(CommandError, match="没有区划代码"):
        call_command("territory", "move", "999", "340303000000")


# --- exit codes of the console script --------------------------------------------------------


def _run(tmp_path, *args) -> subprocess.CompletedProcess:
    """Run `python -m gongzhi ...` against a database of its own (SQLite file or a PostgreSQL database)."""
    env = dict(os.environ, GONGZHI_HOME=str(tmp_path / "home"))
    if connection.vendor == "postgresql":
        base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gz_io")
        env["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/gz_io_cli"
    else:
        env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "gongzhi", *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def cli_db(tmp_path):
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        admin = psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"],
            user=settings["USER"],
            dbname="postgres",
            autocommit=True,
        )
        admin.execute("DROP DATABASE IF EXISTS gz_io_cli")
        admin.execute("CREATE DATABASE gz_io_cli")
        yield
        admin.execute("DROP DATABASE IF EXISTS gz_io_cli WITH (FORCE)")
        admin.close()
    else:
        yield


@pytest.mark.django_db
def test_console_exit_codes_on_good_and_bad_input(tmp_path, cli_db):
    bad = _write(tmp_path, GOOD + "340302000000,龙子湖区,349900000000,district,\n")
    r = _run(tmp_path, "territory", "import", str(bad))
    assert r.returncode != 0
    assert "第 4 行，列「上级代码」" in r.stderr and "不存在" in r.stderr
    r = _run(tmp_path, "territory", "import", str(tmp_path / "missing.csv"))
    assert r.returncode != 0 and "找不到文件" in r.stderr
    r = _run(tmp_path, "territory", "import", str(_write(tmp_path, GOOD)))
    assert r.returncode == 0, r.stderr
    assert "新建 2" in r.stdout
    bad_registry = tmp_path / "members.csv"
    bad_registry.write_text(
        "姓名,身份证号,手机号,所在党组织,报到社区\n张三,123,1,无,340300000000\n", encoding="utf-8"
    )
    r = _run(tmp_path, "registry", "import", "party-members", str(bad_registry))
    assert r.returncode != 0
    first = [line for line in r.stderr.splitlines() if line.strip()][0]
    assert "第 2 行，列「身份证号」" in first and "改正" in first
    r = _run(tmp_path, "registry", "import", "nothing", str(bad_registry))
    assert r.returncode != 0 and "没有台账" in r.stderr
    r = _run(tmp_path, "registry", "list")
    assert r.returncode == 0 and "party-members" in r.stdout and "党员" in r.stdout
