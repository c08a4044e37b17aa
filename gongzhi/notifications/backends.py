"""Where a notice goes, chosen in settings like Django's email backends.

GONGZHI_NOTIFICATION_BACKENDS lists the backends: a dotted path, or a dict with
BACKEND (dotted path), NAME (recorded on each Delivery; defaults to the class's `name`)
and OPTIONS (keyword arguments, plus `kinds`: send only notices of these kinds).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_TIMEOUT = 10


class NotificationBackend:
    """Send one Delivery; raise to have it retried later."""

    name = "base"
    # True: the send is database work done inside the claiming transaction, so it happens exactly once.
    in_transaction = False

    def __init__(self, *, name: str | None = None, kinds=None, site_url: str = "", **options):
        self.name = name or self.name
        self.kinds = set(kinds) if kinds else None
        self.site_url = (site_url or getattr(settings, "GONGZHI_SITE_URL", "")).rstrip("/")
        self.options = options

    def address(self, user) -> str:
        """Return where this backend reaches `user`; empty means it cannot."""
        return str(user.pk)

    def accepts(self, user, kind: str) -> bool:
        return (self.kinds is None or kind in self.kinds) and bool(self.address(user))

    def absolute(self, link: str) -> str:
        return f"{self.site_url}{link}" if link.startswith("/") else link

    def send(self, delivery) -> None:
        raise NotImplementedError


class InboxBackend(NotificationBackend):
    """站内消息: a row in the person's inbox."""

    name = "inbox"
    in_transaction = True

    def send(self, delivery) -> None:
        from gongzhi.notifications.models import Notification

        Notification.objects.create(
            user_id=delivery.user_id,
            kind=delivery.kind,
            title=delivery.title,
            body=delivery.body,
            link=delivery.link,
        )


class ConsoleBackend(NotificationBackend):
    """Print the notice; for development and the demo."""

    name = "console"

    def __init__(self, *, stream=None, **kw):
        super().__init__(**kw)
        self.stream = stream

    def send(self, delivery) -> None:
        stream = self.stream or sys.stdout
        link = f" {self.absolute(delivery.link)}" if delivery.link else ""
        stream.write(f"[通知 → {delivery.user}] {delivery.title}：{delivery.body}{link}\n")
        stream.flush()


class EmailBackend(NotificationBackend):
    """电子邮件 through Django's mail (EMAIL_BACKEND, EMAIL_HOST …)."""

    name = "email"

    def address(self, user) -> str:
        return user.email or ""

    def send(self, delivery) -> None:
        body = delivery.body + (f"\n\n{self.absolute(delivery.link)}" if delivery.link else "")
        send_mail(
            subject=delivery.title,
            message=body,
            from_email=self.options.get("from_email") or settings.DEFAULT_FROM_EMAIL,
            recipient_list=[delivery.user.email],
            fail_silently=False,
        )


def _post(url: str, data: bytes, headers: dict[str, str], timeout: float) -> None:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")


class SmsBackend(NotificationBackend):
    """短信: a form-encoded POST to an SMS gateway.

    OPTIONS: url; template (str.format with title, body, link, name; default
    "【共治】{title}：{body}"); phone_field / text_field (the gateway's parameter names);
    params (fixed extra parameters such as the account and signature); timeout.
    """

    name = "sms"

    def address(self, user) -> str:
        return getattr(user, "phone", "") or ""

    def text(self, delivery) -> str:
        template = self.options.get("template") or "【共治】{title}：{body}"
        return template.format(
            title=delivery.title,
            body=delivery.body,
            link=self.absolute(delivery.link),
            name=str(delivery.user),
        )

    def send(self, delivery) -> None:
        params = dict(self.options.get("params") or {})
        params[self.options.get("phone_field", "phone")] = delivery.user.phone
        params[self.options.get("text_field", "text")] = self.text(delivery)
        data = urllib.parse.urlencode(params).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        _post(self.options["url"], data, headers, float(self.options.get("timeout", DEFAULT_TIMEOUT)))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Return the webhook signature: hex HMAC-SHA256 of "<timestamp>.<body>" under the shared secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class WebhookBackend(NotificationBackend):
    """Webhook: a JSON POST signed with HMAC-SHA256 (header X-Gongzhi-Signature).

    The receiver recomputes sign(secret, X-Gongzhi-Timestamp, raw body) and compares in
    constant time; X-Gongzhi-Delivery is the same on a retry, so it can drop repeats.
    """

    name = "webhook"

    def send(self, delivery) -> None:
        payload = {
            "delivery_id": delivery.pk,
            "dedupe_key": delivery.dedupe_key,
            "kind": delivery.kind,
            "title": delivery.title,
            "body": delivery.body,
            "link": self.absolute(delivery.link),
            "user": {"id": delivery.user_id, "username": delivery.user.username},
            "sent_at": timezone.now().isoformat(),
        }
        body = json.dumps(payload, ensure_ascii=False).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Gongzhi-Timestamp": timestamp,
            "X-Gongzhi-Signature": sign(self.options["secret"], timestamp, body),
            "X-Gongzhi-Delivery": str(delivery.pk),
        }
        _post(self.options["url"], body, headers, float(self.options.get("timeout", DEFAULT_TIMEOUT)))


def _build(entry) -> NotificationBackend:
    if isinstance(entry, str):
        entry = {"BACKEND": entry}
    cls = import_string(entry["BACKEND"])
    options = dict(entry.get("OPTIONS") or {})
    if entry.get("NAME"):
        options["name"] = entry["NAME"]
    return cls(**options)


def get_backends() -> list[NotificationBackend]:
    """Return the configured backends, read from settings on each call (tests override them)."""
    entries = getattr(settings, "GONGZHI_NOTIFICATION_BACKENDS", None)
    if entries is None:
        entries = ["gongzhi.notifications.backends.InboxBackend"]
    return [_build(e) for e in entries]


def get_backend(name: str) -> NotificationBackend | None:
    return next((b for b in get_backends() if b.name == name), None)
