"""The unmodified `georeport` client from PyPI against a real server process, in JSON and XML.

The server is gunicorn with one worker, as `gongzhi serve` runs it, on a free localhost port,
pointed at the test database; the key is issued by the real `gongzhi open311 create-key` command. The test
data is committed (transactional test) so the server's own connection sees it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
import requests
import xmltodict
from django.db import connection
from georeport import GeoReport

from gongzhi.core.management.commands.serve import WSGI_APP
from gongzhi.demands.models import Demand
from gongzhi.demands.services import demand_transition
from gongzhi.open311.tests.conftest import POINT_WGS
from gongzhi.people.tests.factories import UserFactory

# serialized_rollback brings back the seeded categories that the flush of a transactional test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def env():
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "gongzhi.config.settings",
    }


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _start(env: dict, log) -> tuple[subprocess.Popen, str] | None:
    """Start gunicorn on a free port and wait until it answers; None when it died (the port was taken)."""
    port = _free_port()
    process = subprocess.Popen(
        # What `gongzhi serve` runs, less its collectstatic, which the API does not need.
        [sys.executable, "-m", "gunicorn", WSGI_APP, "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}/open311/v2"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            requests.get(f"{base}/services.json", timeout=10)
            return process, base
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or the worker booting
            if process.poll() is not None:
                return None
            time.sleep(0.2)
    _stop(process)
    return None


@pytest.fixture
def server(mapped, env, tmp_path):
    """Given a real server process on a free port, serving the test database; yield its Open311 base URL."""
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        # The free port may be taken by someone else's connection before gunicorn binds it: try another.
        for _ in range(3):
            started = _start(env, log)
            if started is not None:
                break
        else:
            raise RuntimeError(f"server did not start: {log_path.read_text()[-2000:]}")
        process, base = started
        try:
            yield base
        finally:
            _stop(process)


@pytest.fixture
def raw_key(env):
    """Given a key issued with the real command; its last line is the key."""
    done = subprocess.run(
        [sys.executable, "-m", "gongzhi", "open311", "create-key", "互通测试客户端"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def _post(base: str, fmt: str, data: dict) -> dict:
    """POST the spec's way (form-encoded, api_key in the form); return the one answer row."""
    response = requests.post(f"{base}/requests.{fmt}", data=data, timeout=30)
    assert response.status_code == 201, response.text
    if fmt == "json":
        return response.json()[0]
    return xmltodict.parse(response.content)["service_requests"]["request"]


def _rows(value) -> list[dict]:
    # xmltodict gives a lone element as a dict, several as a list.
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_reads_services_and_the_requests_posted_the_open311_way(
    server, raw_key, mapped, fmt
):
    client = GeoReport(server, jurisdiction=mapped["city"].division_code, output_format=fmt)

    services = _rows(client.get_service_list())
    by_code = {s["service_code"]: s for s in services}
    assert by_code["property"]["service_name"] == "物业"
    assert str(by_code["safety"]["metadata"]).lower() == "true"

    definition = client.get_service_definition("property")
    assert definition["service_code"] == "property"
    attributes = definition["attributes"] if fmt == "json" else _rows(definition["attributes"]["attribute"])
    assert attributes[0]["code"] == "title"

    # A located request is answered with its id at once.
    lng, lat = POINT_WGS
    located = _post(
        server,
        fmt,
        {
            "api_key": raw_key,
            "service_code": "property",
            "lat": f"{lat:.7f}",
            "long": f"{lng:.7f}",
            "description": "3号楼电梯停运两天了",
            "first_name": "秀英",
            "last_name": "王",
            "phone": "13912345678",
            "attribute[title]": "电梯停运",
        },
    )
    request_id = str(located["service_request_id"])
    assert Demand.objects.get(pk=request_id).territory == mapped["grid_a"]

    # One that cannot be placed yet is answered with a token, which resolves once it is located.
    pending = _post(
        server,
        fmt,
        {
            "api_key": raw_key,
            "service_code": "safety",
            "address_string": "无名路口",
            "description": "井盖丢了",
        },
    )
    token = pending["token"]
    assert requests.get(f"{server}/tokens/{token}.json", timeout=30).json()[0]["service_request_id"] is None
    demand = Demand.objects.get(open311_token__token=token)
    admin = UserFactory(is_superuser=True)
    demand_transition(actor=admin, demand_id=demand.pk, action="locate", territory_id=mapped["grid_b"].pk)
    resolved = requests.get(f"{server}/tokens/{token}.{fmt}", timeout=30)
    if fmt == "json":
        token_id = str(resolved.json()[0]["service_request_id"])
    else:
        token_id = xmltodict.parse(resolved.content)["service_requests"]["request"]["service_request_id"]
    assert token_id == str(demand.pk)

    # The client reads both back, one by one and in the list, with the spec's filters.
    one = client.get_service_request(request_id)
    assert str(one["service_request_id"]) == request_id
    assert one["status"] == "open"
    assert one["service_code"] == "property"
    assert one["description"] == "3号楼电梯停运两天了"
    assert float(one["lat"]) == pytest.approx(lat, abs=1e-3)
    assert float(one["long"]) == pytest.approx(lng, abs=1e-3)
    assert "王秀英" not in str(one) and "13912345678" not in str(one)
    assert str(client.get_service_request(token_id)["service_code"]) == "safety"

    listed = _rows(client.get_service_requests())
    assert {str(r["service_request_id"]) for r in listed} == {request_id, token_id}
    only = _rows(client.get_service_requests(service_code="property", status="open"))
    assert [str(r["service_request_id"]) for r in only] == [request_id]
    picked = _rows(client.get_service_requests(service_request_id=token_id))
    assert [str(r["service_request_id"]) for r in picked] == [token_id]

    # The client's own error handling sees the spec's HTTP codes.
    with pytest.raises(requests.HTTPError) as caught:
        client.get_service_request("999999")
    assert caught.value.response.status_code == 404
