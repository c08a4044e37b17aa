"""A real phone-sized Chromium walks one demand round the loop: report, accept, dispatch, claim, resolve, rate.

Debian's `chromium` and `chromium-driver` packages drive it; Selenium is told where the driver
is, so nothing is downloaded. Set GONGZHI_SCREENSHOTS=DIR to keep screenshots of the pages.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.workflow import State
from gongzhi.territory.geo import wgs84_to_gcj02

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
PHONE = {"width": 390, "height": 844, "pixelRatio": 2, "mobile": True, "touch": True}
PASSWORD = "pass-12345"  # the people factories' password
# Where the resident stands, as the phone's GPS reports it (WGS-84).
HERE_WGS84 = (117.3612, 32.9365)


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "未安装 selenium（pip install -e '.[test]'）"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"缺少 {path}：apt-get install -y chromium chromium-driver"
    return None


# In CI the browser must run: a missing Chromium fails the test instead of skipping it.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(bool(_missing()) and not os.environ.get("CI"), reason=f"跳过浏览器测试：{_missing()}"),
]


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={PHONE['width']},{PHONE['height']}")
    options.add_argument("--lang=zh-CN")
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


class Phone:
    """The steps a person takes on the phone, in words the test reads like."""

    def __init__(self, driver, base_url: str):
        self.d, self.base = driver, base_url
        shots = os.environ.get("GONGZHI_SCREENSHOTS")
        self.shots = Path(shots) if shots else None

    def open(self, path: str):
        self.d.get(self.base + path)

    def login(self, username: str):
        self.d.delete_all_cookies()
        self.open("/login/")
        self.d.find_element("id", "id_username").send_keys(username)
        # Enter submits the login form itself (the language switcher is a form too).
        self.d.find_element("id", "id_password").send_keys(PASSWORD + "\n")
        self.wait(lambda d: "/login/" not in d.current_url)

    def wait(self, condition, timeout: float = 10):
        from selenium.common.exceptions import (
            NoSuchElementException,
            StaleElementReferenceException,
            WebDriverException,
        )
        from selenium.webdriver.support.ui import WebDriverWait

        # While the next page loads, the old page's elements go stale, and Chromium may answer a
        # read of the page being torn down with an inspector error: look again until the timeout.
        ignored = (NoSuchElementException, StaleElementReferenceException, WebDriverException)
        return WebDriverWait(self.d, timeout, ignored_exceptions=ignored).until(condition)

    def el(self, css: str):
        return self.d.find_element("css selector", css)

    def state(self) -> str:
        return self.el("#gz-state [data-state]").get_attribute("data-state")

    def press(self, action: str):
        """Press an action's button; an action with inputs opens first and is confirmed with its own button."""
        target = self.el(f"#gz-actions [data-action={action}]")
        if target.tag_name == "button":
            self.click(target)
            return None
        self.click(target.find_element("css selector", "summary"))
        return target

    def click(self, element):
        # Bootstrap scrolls smoothly; jump instead, or the click lands where the element was.
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        element.click()

    def screenshot(self, name: str):
        """Save the whole page at phone width (not just the first screen)."""
        if self.shots is None:
            return
        self.shots.mkdir(parents=True, exist_ok=True)
        height = self.d.execute_script("return document.documentElement.scrollHeight")
        metrics = {**PHONE, "deviceScaleFactor": PHONE["pixelRatio"], "height": max(height, PHONE["height"])}
        metrics.pop("pixelRatio")
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        (self.shots / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
        self.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _place_the_grid_around_the_resident(grid):
    lng, lat = wgs84_to_gcj02(*HERE_WGS84)
    d = 0.004
    ring = [
        [lng - d, lat - d],
        [lng + d, lat - d],
        [lng + d, lat + d],
        [lng - d, lat + d],
        [lng - d, lat - d],
    ]
    grid.boundary = {"type": "Polygon", "coordinates": [ring]}
    grid.save(update_fields=["boundary", "updated_at"])


def test_a_resident_reports_on_a_phone_the_loop_closes_and_the_resident_rates_it(cast, live_server, browser):
    _place_the_grid_around_the_resident(cast["tree"]["grid_a"])
    phone = Phone(browser, live_server.url)
    browser.execute_cdp_cmd(
        "Browser.grantPermissions", {"origin": live_server.url, "permissions": ["geolocation"]}
    )
    browser.execute_cdp_cmd(
        "Emulation.setGeolocationOverride",
        {"longitude": HERE_WGS84[0], "latitude": HERE_WGS84[1], "accuracy": 20},
    )

    # The resident reports a broken light with the phone's location.
    phone.login("resident")
    phone.open("/demands/new/")
    phone.el("#id_text").send_keys("3号楼楼道灯坏了一个星期，晚上老人上下楼看不见")
    phone.el("#id_category option[value=property]").click()
    phone.click(phone.el("#gz-locate"))
    phone.wait(lambda d: d.find_element("id", "gz-locate-status").get_attribute("data-located") == "1")
    phone.screenshot("demand-report-form")
    phone.click(phone.el("#gz-report-form [type=submit]"))
    phone.wait(lambda d: "/demands/new/" not in d.current_url)
    assert phone.state() == State.SUBMITTED
    assert "已提交" in phone.el(".alert-success").text
    demand = Demand.objects.get()
    assert demand.territory == cast["tree"]["grid_a"]  # located by the converted GPS point

    # The front desk accepts it and dispatches it by the rule.
    phone.login("desk")
    phone.open("/demands/queue/")
    phone.click(phone.el(f"[data-demand='{demand.pk}']"))
    phone.press("accept")
    phone.wait(lambda d: phone.state() == State.ACCEPTED)
    box = phone.press("dispatch")
    phone.click(box.find_element("css selector", "[type=submit]"))
    phone.wait(lambda d: phone.state() == State.DISPATCHED)

    # The handler finds it in their own orders, claims it and resolves it.
    phone.login("worker1")
    phone.open("/demands/queue/")
    assert "active" in phone.el("[data-tab=mine]").get_attribute("class")
    phone.screenshot("demand-work-queue")
    phone.click(phone.el(f"[data-demand='{demand.pk}']"))
    phone.press("claim")
    phone.wait(lambda d: phone.state() == State.CLAIMED)
    box = phone.press("resolve")
    box.find_element("css selector", "textarea[name=result]").send_keys("已更换楼道感应灯，经试用正常")
    phone.click(box.find_element("css selector", "[type=submit]"))
    phone.wait(lambda d: phone.state() == State.RESOLVED)

    # The resident rates it from "my demands".
    phone.login("resident")
    phone.open("/demands/mine/")
    form = phone.el(f"[data-demand='{demand.pk}'] form.gz-rate")
    phone.click(form.find_element("css selector", f"label[for=rate-{demand.pk}-satisfied]"))
    phone.click(form.find_element("css selector", "[type=submit]"))
    phone.wait(lambda d: "已回访" in phone.el(f"[data-demand='{demand.pk}'] [data-state]").text)

    demand.refresh_from_db()
    assert demand.state == State.FOLLOWED_UP and demand.satisfaction == "satisfied"
    assert demand.result == "已更换楼道感应灯，经试用正常"
    steps = ["submit", "accept", "dispatch", "claim", "resolve", "follow_up"]
    assert list(DemandEvent.objects.filter(demand=demand).values_list("action", flat=True)) == steps
    phone.open(f"/demands/{demand.pk}/")
    shown = [
        li.get_attribute("data-action") for li in browser.find_elements("css selector", "#gz-timeline li")
    ]
    assert shown == steps
    assert "评价：满意" in phone.el("#gz-timeline").text
    phone.screenshot("demand-detail-timeline")
