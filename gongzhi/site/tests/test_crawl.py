"""Follow every link each role sees: none is a dead end, and the Chinese pages show no English or raw codes."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from gongzhi.demands.tests.factories import submit
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import GridWorkerFactory, ResidentFactory, user_with_role

MAX_PAGES = 160  # per role: enough for every page type of a small world
PER_TYPE = 1  # pages of one type (same path but for ids, same query keys) that are visited
# Never followed: they change state, leave the site's pages, or are files, not pages.
SKIP = re.compile(r"^/(logout|admin|api|static|media|i18n)/|export|\.xlsx|\.pdf|/photo/|format=|/screen/")
# Words a Chinese page may show: names of formats and standards, and the switch to English itself.
ALLOWED = {"Excel", "PDF", "CSV", "xlsx", "csv", "English", "API", "GCJ", "WGS", "Open311", "QR"}
WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


class Page(HTMLParser):
    """Collect a page's links and the text a person reads (not scripts, styles or attributes)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("javascript:", "mailto:", "tel:", "#")):
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def page_type(url: str) -> str:
    """/demands/41/?tab=mine&page=2 → /demands/N/?page&tab: pages that differ only in ids or values."""
    parts = urlsplit(url)
    keys = sorted({k.split("=")[0] for k in parts.query.split("&") if k})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def crawl(client, start="/"):
    """Visit the pages reachable from `start`; return {url: (status, page)} and the links that failed."""
    seen: dict[str, tuple[int, Page | None]] = {}
    dead: list[tuple[str, str, int]] = []
    types: dict[str, int] = {}
    queue = deque([(start, "(start)")])
    while queue and len(seen) < MAX_PAGES:
        url, source = queue.popleft()
        if url in seen:
            continue
        kind = page_type(url)
        if types.get(kind, 0) >= PER_TYPE:
            continue
        types[kind] = types.get(kind, 0) + 1
        response = client.get(url)
        page = None
        if response.status_code in (301, 302):
            target = response["Location"]
            seen[url] = (response.status_code, None)
            if not SKIP.search(target) and not target.startswith("/login"):
                queue.append((target, url))
            continue
        if response.status_code >= 400:
            dead.append((url, source, response.status_code))
        elif response["Content-Type"].startswith("text/html"):
            page = Page()
            page.feed(response.content.decode())
            for href in page.links:
                href = urldefrag(href)[0]
                parts = urlsplit(href)
                if parts.netloc or not href:
                    continue
                if href.startswith("?"):
                    href = urlsplit(url).path + href
                if not href.startswith("/"):
                    continue
                if not SKIP.search(href) and href not in seen:
                    queue.append((href, url))
        seen[url] = (response.status_code, page)
    return seen, dead


@pytest.fixture
def world(tree):
    """A small world with a little of everything each role's pages list."""
    resident_user = user_with_role(Role.RESIDENT, tree["household_a"], username="resident")
    ResidentFactory(household=tree["household_a"], user=resident_user, name="赵敏")
    grid_user = user_with_role(Role.GRID_WORKER, tree["grid_a"], username="grid_worker")
    GridWorkerFactory(territory=tree["grid_a"], user=grid_user)
    submit(resident_user, tree["grid_a"])
    users = {"resident": resident_user, "grid_worker": grid_user}
    for role, place in [
        (Role.COMMUNITY_WORKER, "community_a"),
        (Role.BRANCH_SECRETARY, "grid_a"),
        (Role.COUNCIL_MEMBER, "grid_a"),
        (Role.STREET_OFFICIAL, "street_a"),
        (Role.DISTRICT_OFFICIAL, "district_a"),
        (Role.CITY_ADMIN, "city"),
        (Role.DEPARTMENT_HANDLER, "district_a"),
    ]:
        users[role.value] = user_with_role(role, tree[place], username=role.value)
    return users


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_link_a_role_sees_opens_and_speaks_chinese(client, world, role):
    client.force_login(world[role])
    seen, dead = crawl(client)
    assert len(seen) > 5, "the crawl reached the role's pages"
    assert not dead, f"links that answer 4xx/5xx for {role}: {dead[:10]}"
    english = {}
    for url, (_status, page) in seen.items():
        if page is None:
            continue
        words = {w for chunk in page.text for w in WORD.findall(chunk)} - ALLOWED
        if words:
            english[url] = sorted(words)[:8]
    assert not english, f"English or raw codes on {role}'s Chinese pages: {dict(list(english.items())[:8])}"
