import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from gongzhi.people.models import RoleAssignment, User
from gongzhi.territory.tests.factories import node


@pytest.fixture
def street(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    city = node(None, "city", "测试市", division_code="340300000000")
    district = node(city, "district", "龙子湖区", division_code="340302000000")
    return node(district, "street", "东风街道", division_code="340302001000")


def user_cmd(*args) -> str:
    out = io.StringIO()
    call_command("user", *args, stdout=out)
    return out.getvalue()


def test_create_a_login_with_roles_then_grant_and_list(street):
    out = user_cmd(
        "create",
        "zhang",
        "--password",
        "Dongfeng-2024",
        "--role",
        "网格员",
        "--territory",
        street.division_code,
    )
    assert "已创建账号 zhang" in out
    user = User.objects.get(username="zhang")
    assert user.check_password("Dongfeng-2024")
    # A 6-digit code is padded, a role may be named in Chinese or by its code.
    user_cmd("grant", "zhang", "district_official", "340302")
    user_cmd("grant", "zhang", "district_official", "340302")  # twice changes nothing
    held = set(RoleAssignment.objects.filter(user=user).values_list("role", "territory__name"))
    assert held == {("grid_worker", "东风街道"), ("district_official", "龙子湖区")}
    listing = user_cmd("list")
    assert "zhang" in listing and "区县干部 @ 龙子湖区（340302000000）" in listing


def test_a_login_without_password_gets_a_random_one_shown_once(street):
    out = user_cmd("create", "li")
    password = out.split("初始密码（只显示这一次）：")[1].split()[0]
    assert User.objects.get(username="li").check_password(password)


@pytest.mark.parametrize(
    "args, words",
    [
        (["grant", "zhang", "boss", "340302001000"], "未知角色「boss」"),
        (["grant", "zhang", "grid_worker", "999999999999"], "找不到辖区「999999999999」"),
        (["grant", "nobody", "grid_worker", "340302001000"], "账号「nobody」不存在"),
        (["create", "wang", "--role", "grid_worker"], "每个 --role 都要跟一个 --territory"),
        (["create", "wang", "--password", "123"], "密码不符合要求"),
        (["create", "zhang", "--password", "Another-2024x"], "已存在"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(street, args, words):
    user_cmd("create", "zhang", "--password", "Dongfeng-2024")
    users, roles = User.objects.count(), RoleAssignment.objects.count()
    with pytest.raises(CommandError, match=words):
        user_cmd(*args)
    assert (User.objects.count(), RoleAssignment.objects.count()) == (users, roles)


def test_the_cli_exits_non_zero_on_an_unknown_role(tmp_path):
    env = {**os.environ, "GONGZHI_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "gongzhi", "user", "grant", "x", "boss", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "未知角色「boss」" in done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_gunicorn_with_static_files_and_stops_on_ctrl_c(tmp_path):
    env = {**os.environ, "GONGZHI_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongzhi", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/static/admin/css/base.css", timeout=2
                ) as r:
                    status = r.status
            except OSError:
                time.sleep(0.3)
        assert status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
    assert proc.returncode == 0
