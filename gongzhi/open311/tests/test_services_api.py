"""GET services and service definitions, in JSON and XML, and the spec's error format."""

from __future__ import annotations

import pytest

from gongzhi.demands.models import Category
from gongzhi.open311.tests.conftest import parse

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


def test_services_list_the_active_categories_in_json(client):
    Category.objects.filter(code="property").update(active=False)
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = parse(response)
    codes = [s["service_code"] for s in services]
    assert codes[:2] == ["volunteer_service", "petition_stability"]
    assert "property" not in codes
    safety = next(s for s in services if s["service_code"] == "safety")
    assert safety["service_name"] == "安全防护"
    assert safety["metadata"] is True
    assert safety["type"] == "realtime"
    assert "燃气" in safety["keywords"].split(",")
    assert set(safety) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }


def test_services_list_in_xml_uses_the_spec_elements(client):
    response = client.get(f"{BASE}/services.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = parse(response)
    assert root.tag == "services"
    services = root.findall("service")
    assert len(services) == Category.objects.filter(active=True).count()
    first = services[0]
    assert first.findtext("service_code") == "volunteer_service"
    assert first.findtext("service_name") == "志愿服务"
    assert first.findtext("metadata") == "true"


def test_a_service_definition_lists_its_attributes_in_json_and_xml(client):
    definition = parse(client.get(f"{BASE}/services/property.json"))
    assert definition["service_code"] == "property"
    (title,) = definition["attributes"]
    assert title["code"] == "title"
    assert title["variable"] is True and title["required"] is False
    assert title["datatype"] == "string"

    root = parse(client.get(f"{BASE}/services/property.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "property"
    attribute = root.find("attributes/attribute")
    assert attribute.findtext("code") == "title"
    assert attribute.findtext("required") == "false"
    assert attribute.findtext("order") == "1"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_code_is_404_in_the_error_format(client, fmt):
    response = client.get(f"{BASE}/services/no_such_thing.{fmt}")
    assert response.status_code == 404
    body = parse(response)
    if fmt == "json":
        assert body == [{"code": 404, "description": "未找到 service_code「no_such_thing」。"}]
    else:
        assert body.tag == "errors"
        assert body.findtext("error/code") == "404"
        assert "no_such_thing" in body.findtext("error/description")


def test_jurisdiction_id_is_a_city_division_code_and_an_unknown_one_is_404(client, tree):
    city = tree["city"].division_code
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": city}).status_code == 200
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": "999999999999x"})
    assert response.status_code == 404
    assert "jurisdiction_id" in parse(response)[0]["description"]


def test_an_unsupported_format_and_method_are_refused_in_the_error_format(client):
    response = client.get(f"{BASE}/services.html")
    assert response.status_code == 404
    assert parse(response)[0]["code"] == 404
    response = client.post(f"{BASE}/services.xml")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert parse(response).findtext("error/code") == "405"
