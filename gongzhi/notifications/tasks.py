"""Celery tasks of the notifications: send one delivery (retries come from the sweep)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="gongzhi.notifications.send_delivery", acks_late=True, ignore_result=True)
def send_delivery(delivery_id: int) -> str:
    from gongzhi.notifications.services import delivery_send

    return delivery_send(delivery_id=delivery_id)
