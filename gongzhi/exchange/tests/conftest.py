"""Shared test helpers: department keys bound to a role over a node, API clients, valid ID numbers."""

from __future__ import annotations

import itertools

import pytest
from rest_framework.test import APIClient

from gongzhi.exchange.services import department_key_create
from gongzhi.people.tests import factories as f

_serials = itertools.count(1)
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def valid_id_number() -> str:
    body = f"34030219900101{next(_serials):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


def key_for(role: str, node, department: str = "民政局") -> str:
    """Issue a key for `department` acting as a fresh account that holds `role` over `node`."""
    user = f.user_with_role(role, node)
    return department_key_create(actor=None, department=department, username=user.username)[1]


def key_client(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def user_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture(autouse=True)
def _settled_at_once(settings):
    """Read rows as soon as they are written; the settle window has a test of its own."""
    settings.GONGZHI_EXCHANGE_SETTLE_SECONDS = 0
