"""What tests of any area use to read the figures API's answer."""

from __future__ import annotations


def figure(body: dict, key: str) -> dict:
    """Return one figure of a /api/v1/figures/ answer by its key."""
    for area in body["areas"]:
        for f in area["figures"]:
            if f["key"] == key:
                return f
    raise KeyError(key)
