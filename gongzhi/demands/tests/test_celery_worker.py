"""The sweep on a real Redis and a real Celery worker process (not eager mode).

The worker runs as a subprocess on the test database (the SQLite file in the data folder, or
the PostgreSQL test database) with its own clock, so the demand is set up with a reminder that
is due now in real time. Skipped when Redis is not reachable, except in CI, where it fails.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from gongzhi.demands.models import DeadlineAlert, Demand, DemandEvent
from gongzhi.demands.tests.sweeping import dispatch_demand
from gongzhi.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REDIS_URL = os.environ.get("GONGZHI_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        message = f"Redis 无法连接（{REDIS_URL}：{exc}）；启动 redis-server 后再运行此测试"
        if os.environ.get("CI"):
            pytest.fail(f"CI 中必须有 Redis / CI needs Redis: {message}")
        pytest.skip(message)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, tmp_path):
    """Start `celery -A gongzhi.config.celery worker` on its own queue; stop it after the test."""
    _redis_or_skip()
    queue = f"gongzhi-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongzhi.config.settings",
        "GONGZHI_HOME": str(settings.DATA_DIR),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "GONGZHI_CELERY_QUEUE": queue,
        "GONGZHI_DEADLINE_REMINDERS": "75%",
    }
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "gongzhi.config.celery", "worker"),
                *("--queues", queue, "--concurrency", "2", "--loglevel", "INFO"),
                *("--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle"),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    from celery import Celery

    client = Celery("gongzhi-test", broker=REDIS_URL, backend=REDIS_URL)
    yield client, queue, proc, log
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    client.close()


def _wait_for(check, *, timeout: float, what: str, log) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} 未在 {timeout} 秒内完成；worker 日志：\n{log.read_text()[-3000:]}")


def test_a_real_worker_sends_a_due_reminder_exactly_once(cast, worker):
    client, queue, proc, log = worker
    # Given a demand dispatched a year ago and due in 30 days: 75% of its working time has passed.
    demand = dispatch_demand(cast, hours=7)
    now = timezone.now()
    Demand.objects.filter(pk=demand.pk).update(due_at=now + dt.timedelta(days=30))
    DemandEvent.objects.filter(demand=demand, action="dispatch").update(at=now - dt.timedelta(days=365))

    # When beat's sweep is queued twice at once, and once more after both finished.
    first = [client.send_task("gongzhi.demands.sweep", queue=queue) for _ in range(2)]
    results = [r.get(timeout=90) for r in first]
    assert proc.poll() is None, log.read_text()
    _wait_for(lambda: Delivery.objects.filter(status="sent").exists(), timeout=60, what="通知发送", log=log)
    client.send_task("gongzhi.demands.sweep", queue=queue).get(timeout=60)

    # Then the reminder was planned once, fired once, and each handler member got it once.
    assert sum(r["planned"] for r in results) >= 1  # both may have seen it; the unique key kept one plan
    kinds = sorted(DeadlineAlert.objects.filter(demand=demand).values_list("kind", flat=True))
    assert kinds == ["escalate", "overdue", "remind:75%"]
    alert = DeadlineAlert.objects.get(demand=demand, kind="remind:75%")
    assert alert.outcome == "sent" and alert.recipients == 2
    for member in (cast["worker1"], cast["worker2"]):
        titles = list(Notification.objects.filter(user=member).values_list("title", flat=True))
        assert len(titles) == 1 and titles[0].startswith("诉求即将到期")
    assert Delivery.objects.count() == Delivery.objects.filter(status="sent").count() == 2
    assert not DeadlineAlert.objects.filter(kind="overdue", done_at__isnull=False).exists()
