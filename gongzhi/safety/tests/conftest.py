import datetime as dt

import pytest

from gongzhi.core.periods import CHINA


class Clock:
    """A settable clock: services read django.utils.timezone.now, which this replaces."""

    def __init__(self, monkeypatch, start: dt.datetime):
        self.now = start
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.now)

    def set(self, y, m, d, hh=10, mm=0):
        self.now = dt.datetime(y, m, d, hh, mm, tzinfo=CHINA)

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, dt.datetime(2024, 3, 4, 10, tzinfo=CHINA))
