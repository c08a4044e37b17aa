import os
import subprocess
import sys

import pytest


def _run(args, tmp_path, **env):
    full = dict(os.environ, GONGZHI_HOME=str(tmp_path / "home"), **env)
    return subprocess.run(
        [sys.executable, "-m", "gongzhi", *args], env=full, capture_output=True, text=True, timeout=300
    )


def test_help_lists_the_commands_in_chinese_and_english(tmp_path):
    out = _run(["--help"], tmp_path)
    assert out.returncode == 0
    for words in (
        "demo",
        "构建真实城市的演示数据",
        "territory",
        "registry",
        "serve",
        "build a demo of a real city",
    ):
        assert words in out.stdout


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="a fresh data folder means the embedded SQLite"
)
def test_a_command_on_a_fresh_data_folder_creates_the_database_and_says_so(tmp_path):
    out = _run(["check"], tmp_path)
    assert out.returncode == 0
    out = _run(["showmigrations", "territory"], tmp_path)
    assert "创建数据库" in out.stderr
    assert (tmp_path / "home" / "gongzhi.sqlite3").exists()
    assert (tmp_path / "home" / "secret_key").exists()
    again = _run(["showmigrations", "territory"], tmp_path)
    assert "创建数据库" not in again.stderr and again.returncode == 0


def test_production_settings_pass_the_deploy_checks(tmp_path):
    out = _run(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, GONGZHI_HTTPS="1")
    assert out.returncode == 0, out.stderr
