"""Headless Chromium opens the command centre on a phone and on the centre's 1920×1080 wall.

Set GONGZHI_SCREENSHOTS=DIR to keep the screenshots.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from gongzhi.analytics.tests.test_dashboard import SQUARE
from gongzhi.analytics.tests.test_figures_api import resolved, this_month  # noqa: F401
from gongzhi.demands.tests.test_browser import CHROMEDRIVER, CHROMIUM, FLAGS, PASSWORD, _missing
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(bool(_missing()) and not os.environ.get("CI"), reason=f"跳过浏览器测试：{_missing()}"),
]
SIZES = {"phone": (390, 844), "wall": (1920, 1080)}


def _driver(width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument("--lang=zh-CN")
    if width < 500:
        metrics = {"width": width, "height": height, "pixelRatio": 2}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    return driver


def _login(driver, base: str, username: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base + "/login/")
    driver.find_element("id", "id_username").send_keys(username)
    driver.find_element("id", "id_password").send_keys(PASSWORD + "\n")
    WebDriverWait(driver, 10).until(lambda d: "/login/" not in d.current_url)


def _shot(driver, name: str) -> None:
    shots = os.environ.get("GONGZHI_SCREENSHOTS")
    if not shots:
        return
    Path(shots).mkdir(parents=True, exist_ok=True)
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    (Path(shots) / f"{name}.png").write_bytes(base64.b64decode(data["data"]))


@pytest.mark.parametrize("size", ["phone", "wall"])
def test_the_city_dashboard_fits_a_phone_and_the_big_screen_fills_the_wall(live_server, resolved, size):  # noqa: F811
    t = resolved["tree"]
    for i, d in enumerate([t["district_a"], t["district_b"]]):
        d.boundary = {
            "type": "Polygon",
            "coordinates": [[[x + 0.2 * i, y] for x, y in SQUARE["coordinates"][0]]],
        }
        d.save(update_fields=["boundary"])
    user_with_role(Role.CITY_ADMIN, t["city"], username="cityadmin")
    width, height = SIZES[size]
    driver = _driver(width, height)
    try:
        _login(driver, live_server.url, "cityadmin")
        path = f"/dashboard/{t['city'].division_code}/" + ("screen/" if size == "wall" else "")
        driver.get(f"{live_server.url}{path}?period={this_month()}")
        body = driver.find_element("tag name", "body")
        assert "指挥中心" in body.text and "办结率" in body.text
        areas = driver.find_elements("css selector", ".gz-choropleth .map-area")
        assert len(areas) == 2 and all(a.is_displayed() for a in areas)
        # Nothing spills sideways: the page is no wider than the screen.
        scroll_width = driver.execute_script("return document.documentElement.scrollWidth")
        assert scroll_width <= width + 1
        if size == "wall":
            scroll_height = driver.execute_script("return document.documentElement.scrollHeight")
            assert scroll_height <= height + 1  # the wall shows everything at once, no scrolling
        _shot(driver, f"dashboard-{size}")
    finally:
        driver.quit()
