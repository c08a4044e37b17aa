"""The external backends against local stand-ins: an SMS gateway and a webhook receiver on 127.0.0.1."""

from __future__ import annotations

import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest
from django.core import mail

from gongzhi.notifications.backends import sign
from gongzhi.notifications.models import Delivery
from gongzhi.notifications.services import delivery_send, notify
from gongzhi.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stub():
    """An HTTP server on 127.0.0.1 that records each POST and answers with `stub.status`."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"headers": dict(self.headers), "body": body, "path": self.path})
            self.send_response(server.status)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.status = 200
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def send_all(**kw) -> list[str]:
    notify(**kw)
    return [delivery_send(delivery_id=pk) for pk in Delivery.objects.values_list("pk", flat=True)]


def test_sms_posts_the_templated_text_to_the_gateway(settings, stub):
    settings.GONGZHI_NOTIFICATION_BACKENDS = [
        {
            "BACKEND": "gongzhi.notifications.backends.SmsBackend",
            "OPTIONS": {
                "url": stub.url + "/sms/send",
                "template": "【共治】{name}：{title}。{body}",
                "phone_field": "mobile",
                "text_field": "content",
                "params": {"account": "gongzhi"},
            },
        }
    ]
    user = UserFactory(username="sms", display_name="王秀英", phone="13912345678")
    nobody = UserFactory(username="nophone", phone="")

    assert send_all(
        users=[user, nobody], kind="demand.overdue", title="诉求已超期", body="请尽快办理", dedupe_key="s"
    ) == ["sent"]

    (request,) = stub.received
    form = {k: v[0] for k, v in parse_qs(request["body"].decode()).items()}
    assert request["path"] == "/sms/send"
    assert form == {
        "account": "gongzhi",
        "mobile": "13912345678",
        "content": "【共治】王秀英：诉求已超期。请尽快办理",
    }


def test_a_gateway_error_leaves_the_sms_for_a_retry(settings, stub):
    settings.GONGZHI_NOTIFICATION_BACKENDS = [
        {"BACKEND": "gongzhi.notifications.backends.SmsBackend", "OPTIONS": {"url": stub.url}}
    ]
    stub.status = 503
    user = UserFactory(username="sms", phone="13912345678")

    assert send_all(users=[user], kind="t", title="诉求已超期", dedupe_key="s") == ["pending"]
    delivery = Delivery.objects.get()
    assert delivery.attempts == 1 and "503" in delivery.last_error


def test_the_webhook_is_json_signed_with_hmac(settings, stub):
    settings.GONGZHI_SITE_URL = "https://gongzhi.example.cn"
    settings.GONGZHI_NOTIFICATION_BACKENDS = [
        {
            "BACKEND": "gongzhi.notifications.backends.WebhookBackend",
            "OPTIONS": {"url": stub.url + "/hook", "secret": "s3cret"},
        }
    ]
    user = UserFactory(username="hook")

    send_all(users=[user], kind="demand.remind", title="诉求即将到期", link="/demands/7/", dedupe_key="w")

    (request,) = stub.received
    headers = {k.lower(): v for k, v in request["headers"].items()}
    expected = sign("s3cret", headers["x-gongzhi-timestamp"], request["body"])
    assert hmac.compare_digest(headers["x-gongzhi-signature"], expected)
    assert not hmac.compare_digest(
        headers["x-gongzhi-signature"], sign("wrong", headers["x-gongzhi-timestamp"], request["body"])
    )
    payload = json.loads(request["body"])
    assert payload["title"] == "诉求即将到期"
    assert payload["link"] == "https://gongzhi.example.cn/demands/7/"
    assert payload["user"]["username"] == "hook"
    assert headers["x-gongzhi-delivery"] == str(payload["delivery_id"])


def test_email_goes_through_djangos_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GONGZHI_NOTIFICATION_BACKENDS = [
        {"BACKEND": "gongzhi.notifications.backends.EmailBackend", "OPTIONS": {"from_email": "gz@example.cn"}}
    ]
    user = UserFactory(username="mail", email="mail@example.cn")

    send_all(users=[user], kind="t", title="超期督办", body="请督促办理", link="/demands/3/", dedupe_key="e")

    (message,) = mail.outbox
    assert (message.subject, message.to, message.from_email) == (
        "超期督办",
        ["mail@example.cn"],
        "gz@example.cn",
    )
    assert "请督促办理" in message.body and "/demands/3/" in message.body
