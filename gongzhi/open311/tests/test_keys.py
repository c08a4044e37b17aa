"""API keys: issued by `gongzhi open311 create-key`, listed without the secret, revoked by name or id."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from gongzhi.core.errors import PermissionDenied
from gongzhi.open311.models import ApiKey
from gongzhi.open311.services import apikey_authenticate

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("open311", *args, stdout=out)
    return out.getvalue()


def test_create_key_prints_the_new_key_on_its_last_line_and_keeps_only_a_hash():
    output = run("create-key", "蚌埠市民App")
    raw = output.strip().splitlines()[-1]
    assert raw.startswith("o311_")
    key = ApiKey.objects.get(name="蚌埠市民App")
    assert raw not in (key.key_hash, key.prefix) and key.prefix in raw
    assert apikey_authenticate(raw_key=raw) == key
    # The key submits as its own account, which cannot sign in.
    assert not key.user.has_usable_password()


def test_a_second_key_with_the_same_name_is_refused():
    run("create-key", "app")
    with pytest.raises(CommandError, match="已存在"):
        run("create-key", "app")


def test_list_keys_shows_names_and_states_but_never_the_key():
    raw = run("create-key", "app-one").strip().splitlines()[-1]
    run("create-key", "app-two")
    run("revoke-key", "app-two")
    listing = run("list-keys")
    assert "app-one" in listing and "app-two" in listing
    assert "有效" in listing and "已吊销" in listing
    assert raw not in listing


def test_revoke_key_by_name_or_id_refuses_the_key_from_then_on():
    raw = run("create-key", "app").strip().splitlines()[-1]
    key = ApiKey.objects.get(name="app")
    assert "已吊销" in run("revoke-key", str(key.pk))
    with pytest.raises(PermissionDenied, match="吊销"):
        apikey_authenticate(raw_key=raw)
    with pytest.raises(CommandError, match="找不到"):
        run("revoke-key", "nobody")


def test_unknown_and_missing_keys_are_refused():
    with pytest.raises(PermissionDenied, match="缺少"):
        apikey_authenticate(raw_key="")
    with pytest.raises(PermissionDenied, match="无效"):
        apikey_authenticate(raw_key="o311_00000000_guess")


def test_the_back_office_lists_keys_and_revokes_them():
    from django.test import Client

    from gongzhi.people.tests.factories import UserFactory

    client = Client()

    run("create-key", "app")
    key = ApiKey.objects.get(name="app")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get("/admin/open311/apikey/")
    assert page.status_code == 200 and "app" in page.content.decode()
    client.post("/admin/open311/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None
