"""Department keys: issued by the command or the back office, checked on each request, revoked by prefix."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connections

from gongzhi.cli import main
from gongzhi.exchange.models import DepartmentKey
from gongzhi.exchange.services import department_key_revoke
from gongzhi.exchange.tests.conftest import key_client, key_for
from gongzhi.people.roles import Role
from gongzhi.people.tests import factories as f

URL = "/api/v1/changes/"


def gongzhi(capsys, *argv) -> tuple[int, str, str]:
    """Run the `gongzhi` command as a shell would; return its exit code, stdout and stderr.

    In process, so it sees the test database: a command closes every connection when it ends.
    """
    try:
        with mock.patch.object(connections, "close_all"):
            code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_key_reads_as_its_account_and_its_use_is_noted(tree):
    raw = key_for(Role.COMMUNITY_WORKER, tree["community_a"])

    response = key_client(raw).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["roles"][0]["territory_name"] == "A社区"
    key = DepartmentKey.objects.get()
    assert key.last_used_at is not None and raw not in (key.key_hash, key.prefix) and key.prefix in raw


@pytest.mark.parametrize("header", ["Api-Key gzx_00000000_guess", "Api-Key", "Api-Key a b"])
def test_an_unknown_or_malformed_key_is_refused(tree, header):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    assert client.get(URL).status_code in (401, 403)


def test_a_revoked_key_is_refused(tree):
    raw = key_for(Role.COMMUNITY_WORKER, tree["community_a"])
    assert key_client(raw).get(URL).status_code == 200

    department_key_revoke(actor=None, prefix=DepartmentKey.objects.get().prefix)

    assert key_client(raw).get(URL).status_code in (401, 403)
    assert key_client(raw).get("/api/v1/residents/").status_code in (401, 403)


def test_the_command_creates_lists_and_revokes_a_key_with_exit_codes(tree, capsys):
    service = f.user_with_role(Role.CITY_ADMIN, tree["city"], username="mzj-sync")

    code, out, _ = gongzhi(
        capsys, "exchange", "key", "create", "--department", "民政局", "--user", "mzj-sync"
    )
    raw = out.strip().splitlines()[-1]
    key = DepartmentKey.objects.get()
    assert code == 0 and raw.startswith("gzx_") and key.user == service and key.department == "民政局"
    assert key_client(raw).get(URL).status_code == 200

    code, listing, _ = gongzhi(capsys, "exchange", "key", "list")
    assert code == 0 and key.prefix in listing and "民政局" in listing and "有效" in listing
    assert raw not in listing

    code, out, _ = gongzhi(capsys, "exchange", "key", "revoke", key.prefix)
    assert code == 0 and "已吊销" in out
    assert key_client(raw).get(URL).status_code in (401, 403)
    assert "已吊销" in gongzhi(capsys, "exchange", "key", "list")[1]


def test_the_command_refuses_unknown_accounts_accounts_without_roles_and_unknown_prefixes(tree, capsys):
    f.UserFactory(username="no-roles")

    missing = gongzhi(capsys, "exchange", "key", "create", "--department", "民政局", "--user", "nobody")
    roleless = gongzhi(capsys, "exchange", "key", "create", "--department", "民政局", "--user", "no-roles")
    revoke = gongzhi(capsys, "exchange", "key", "revoke", "ffffffff")

    assert missing[0] == 1 and "找不到账号" in missing[2]
    assert roleless[0] == 1 and "没有任何角色" in roleless[2]
    assert revoke[0] == 1 and "找不到" in revoke[2]
    assert not DepartmentKey.objects.exists()


def test_the_back_office_issues_a_key_once_and_revokes_it(client, tree):
    f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="mzj")
    client.force_login(f.UserFactory(is_superuser=True, is_staff=True))

    issued = client.post(
        "/admin/exchange/departmentkey/add/", {"department": "民政局", "username": "mzj"}, follow=True
    )
    key = DepartmentKey.objects.get()
    shown = [str(m) for m in issued.context["messages"]]
    raw = next(m for m in shown if "只显示这一次" in m).rsplit("：", 1)[-1]
    assert key_client(raw).get(URL).status_code == 200
    assert raw not in client.get(f"/admin/exchange/departmentkey/{key.pk}/change/").content.decode()

    client.post("/admin/exchange/departmentkey/", {"action": "revoke", "_selected_action": [key.pk]})

    key.refresh_from_db()
    assert not key.active and key.revoked_at is not None
    assert key.history.count() == 2


def test_the_back_office_refuses_an_account_without_roles_and_hides_keys_from_other_staff(client, tree):
    f.UserFactory(username="no-roles")
    client.force_login(f.UserFactory(is_superuser=True, is_staff=True))

    refused = client.post(
        "/admin/exchange/departmentkey/add/", {"department": "民政局", "username": "no-roles"}
    )

    assert refused.status_code == 200 and "没有任何角色" in refused.content.decode()
    assert not DepartmentKey.objects.exists()
    staff = f.user_with_role(Role.CITY_ADMIN, tree["city"], is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/exchange/departmentkey/").status_code in (302, 403)
