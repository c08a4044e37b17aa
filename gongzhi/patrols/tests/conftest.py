import datetime as dt

import pytest

from gongzhi.core.periods import CHINA
from gongzhi.safety.tests.conftest import Clock


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, dt.datetime(2024, 5, 8, 10, tzinfo=CHINA))  # a Wednesday
