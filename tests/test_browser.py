"""The web pages in a real browser: Chromium (Debian's, driven by Playwright) against the
application served by uvicorn on a loopback port, over the same store as test_web_pages.

Every test watches what the browser does: each request it makes must go to the server
under test, and no console error or Content-Security-Policy violation may happen. A full
page screenshot of every page type is saved under test-output/screenshots/.
"""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from .test_web_pages import HOSTILE_WORD, PAYLOAD, hostile_article, web_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
# listens for CSP violations in every page; Playwright injects it outside the page's CSP
WATCH_CSP = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__csp = window.__csp || []).push(e.violatedDirective + " " + e.blockedURI);
});"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The application over the example store, served by uvicorn in a thread: its base URL."""
    import uvicorn

    from tidings.web.app import create_app

    db = web_store(tmp_path_factory.getbasetemp())
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    app = create_app(db)
    app.state.hostile = hostile_article(db)
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield {"base": f"http://{host}:{port}", "hostile": app.state.hostile}
    uv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}: run scripts/setup.sh test (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Tab:
    """One browser page and everything it did: requests, console errors, script errors,
    CSP violations, dialogs. Error pages the test means to open may log their status."""

    def __init__(self, context, base: str) -> None:
        self.base, self.host = base, urlsplit(base).netloc
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.expected_errors: set[str] = set()
        self.page = context.new_page()
        self.page.add_init_script(WATCH_CSP)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        if message.type not in ("error", "warning"):
            return
        where = (message.location or {}).get("url", "")
        if where in self.expected_errors and "status of 4" in message.text:
            return
        self.problems.append(f"console {message.type}: {message.text} ({where})")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str, status: int = 200):
        url = self.base + path
        if status >= 400:
            self.expected_errors.add(url)
        answer = self.page.goto(url)
        assert answer is not None and answer.status == status, (path, answer and answer.status)
        return answer

    def check(self) -> None:
        """Nothing went to another host, nothing was refused or thrown, no dialog opened."""
        foreign = [u for u in self.requests if urlsplit(u).scheme not in ("data", "about") and urlsplit(u).netloc != self.host]
        assert not foreign, foreign
        violations = self.page.evaluate("window.__csp || []") if not self.page.is_closed() else []
        assert not violations, violations
        assert not self.problems, self.problems
        assert not self.dialogs, self.dialogs


@pytest.fixture
def tab(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    watched = Tab(context, server["base"])
    yield watched
    context.close()


def _api(server, path: str, **params):
    return httpx.get(server["base"] + path, params=params, timeout=10).json()


def test_every_page_type_renders_and_is_saved_as_a_screenshot(tab, server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    story = _api(server, "/api/stories", limit=1)["items"][0]["id"]
    article = _api(server, f"/api/stories/{story}")["articles"][0]["id"]
    pages = {"stories": "/", "story": f"/stories/{story}", "articles": "/articles", "article": f"/articles/{article}",
             "actors": "/actors", "actor": "/actors/sanae-takaichi", "dyad": "/dyads/JPN/USA", "search": "/search?q=tariff",
             "events": "/events?type=ACCUSE&type=SANCTION", "docs": "/docs", "failures": "/failures"}
    for name, path in pages.items():
        tab.open(path)
        assert tab.page.locator("h1").first.is_visible()
        assert tab.page.locator("header.site nav a").count() == 6
        tab.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    tab.open("/stories/s000000000000", status=404)
    assert "Not found" in tab.page.locator("h1").inner_text()
    tab.page.screenshot(path=str(SHOTS / "error-404.png"), full_page=True)
    tab.page.set_viewport_size({"width": 390, "height": 844})  # a phone: one column, the table scrolls in its box
    for name in ("story", "events", "dyad"):
        tab.open(pages[name])
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (name, width)
        tab.page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    # the style sheet applied: the header bar is dark, the chart's bars are filled by class
    assert tab.page.evaluate("getComputedStyle(document.querySelector('header.site')).backgroundColor") == "rgb(31, 58, 95)"
    assert tab.page.evaluate("getComputedStyle(document.querySelector('rect.bar')).fill") != "rgb(0, 0, 0)"
    tab.check()
    assert {p.name for p in SHOTS.glob("*.png")} >= {f"{n}.png" for n in pages}


def test_links_lead_from_a_story_to_an_article_sentence_an_actor_and_a_dyad(tab, server):
    page = tab.page
    tab.open("/")
    page.locator(".story-card h2 a").first.click()
    page.wait_for_url("**/stories/*")
    first_link = page.locator("ul.mentions a").first
    target = first_link.get_attribute("href").split("#", 1)[1]
    first_link.click()
    page.wait_for_url(f"**/articles/*#{target}")
    sentence = page.locator("mark.evidence:has(.anchor:target)")
    assert sentence.count() == 1 and sentence.is_visible()
    assert sentence.evaluate("m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    assert page.locator(f"#{target}").count() == 1
    page.locator(".article-text a.actor.k-country").first.click()
    page.wait_for_url("**/actors/*")
    assert page.locator("#counterparts-h").is_visible()
    page.get_by_role("link", name="dyad →").first.click()
    page.wait_for_url("**/dyads/*/*")
    assert page.locator("svg.chart-svg").count() == 2
    assert page.locator("rect.bar").count() > 0 and page.locator("svg.chart-svg title").count() >= 2
    tab.check()


def test_a_search_through_the_form_shows_highlighted_results(tab, server):
    page = tab.page
    tab.open("/search")
    page.locator("#q").fill("tariff")
    page.locator("form.big-search button").click()
    page.wait_for_url("**/search?q=tariff")
    total = _api(server, "/api/search", q="tariff")["total"]
    assert f"of {total} articles" in page.locator(".pager .count").first.inner_text()
    marks = page.locator(".results .snippet mark")
    assert marks.count() >= 1 and all(t.lower().startswith("tariff") for t in marks.all_inner_texts())
    page.locator("#site-q").fill('"unclosed')
    tab.expected_errors.add(server["base"] + "/search?q=%22unclosed")
    page.locator("form.site-search button").click()
    page.wait_for_url("**/search?q=*unclosed")
    assert page.get_by_role("alert").is_visible() and "could not be read" in page.get_by_role("alert").inner_text()
    tab.check()


def test_events_filtered_through_the_form_download_as_the_same_rows(tab, server):
    page = tab.page
    tab.open("/events")
    page.locator("#f-actor").fill("JPN")
    for kind in ("ACCUSE", "REJECT", "AGREE"):
        page.locator(f"input[name=type][value={kind}]").check()
    page.locator("form.events-form button[type=submit]").click()
    page.wait_for_url("**/events?*actor=JPN*")
    total = _api(server, "/api/events", actor="JPN", type=["ACCUSE", "REJECT", "AGREE"])["total"]
    assert total > 0
    assert f"of {total} events" in page.locator(".pager .count").first.inner_text()
    shown = page.locator(".events-table tbody .chip").all_inner_texts()
    assert shown and set(shown) <= {"ACCUSE", "REJECT", "AGREE"}
    with page.expect_download() as caught:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = caught.value
    assert download.suggested_filename == "tidings-events.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert len(rows) == total and {r["type"] for r in rows} <= {"ACCUSE", "REJECT", "AGREE"}
    tab.check()


def test_a_hostile_article_runs_no_script_and_shows_its_payload_as_text(tab, server):
    page = tab.page
    hostile = server["hostile"]
    story = _api(server, f"/api/articles/{hostile}")["story"]
    paths = [f"/articles/{hostile}", f"/search?q={HOSTILE_WORD}", "/articles", "/events?actor=JPN&type=ACCUSE&type=REJECT"]
    if story:
        paths.append(f"/stories/{story['id']}")
    for path in paths:
        tab.open(path)
        page.mouse.move(5, 5)
        for element in page.locator(":is(h1, h2, p, td, q, blockquote, mark)").filter(has_text="__pwned").all()[:12]:
            element.hover()  # an injected onmouseover would fire here
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("main img, main iframe, main svg:not(.chart-svg)").count() == 0, path
        assert page.locator("a[href^='javascript:'], [onerror], [onload], [onmouseover]").count() == 0, path
    tab.open(f"/articles/{hostile}")
    assert PAYLOAD in page.locator("h1").inner_text()
    text = page.locator(".article-text").inner_text()
    assert '<img src=x onerror="window.__pwned=1">' in text and '"><svg onload=window.__pwned=1>' in text
    assert "</mark><iframe src=javascript:window.__pwned=1></iframe>" in text
    page.get_by_text("javascript:window.__pwned=1", exact=True).click()  # the URL is shown, not linked
    assert page.evaluate("window.__pwned") is None
    tab.open(f"/search?q={HOSTILE_WORD}")
    assert PAYLOAD in page.locator(".results").inner_text()
    assert page.locator(".results mark").first.inner_text().lower() == HOSTILE_WORD
    tab.check()
