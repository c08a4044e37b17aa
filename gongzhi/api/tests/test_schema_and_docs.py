"""The OpenAPI schema generates cleanly and the docs pages load with local assets only."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from gongzhi.people.apis import REGISTRY_ROUTES


def test_the_schema_generates_without_warnings_and_validates(db, tmp_path):
    out = tmp_path / "schema.yml"

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))

    text = out.read_text()
    for prefix in [*REGISTRY_ROUTES, "territories"]:
        assert f"/api/v1/{prefix}/{{id}}/history/:" in text
    assert "/api/v1/me/:" in text


def test_the_schema_is_served(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert "/api/v1/territories/{id}/move/" in response.json()["paths"]


@pytest.fixture
def plain_static(settings):
    # The manifest storage needs `collectstatic`; the references are the same without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_docs_load_with_local_assets_only(client, db, plain_static, page):
    response = client.get(page)

    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html and "https://" not in html and "//fonts." not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset


def test_swagger_ui_does_not_call_the_online_validator(client, db, plain_static):
    html = client.get("/api/docs/").content.decode()

    assert '"validatorUrl": null' in html
