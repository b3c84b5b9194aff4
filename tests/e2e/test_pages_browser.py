"""Every page renders in Chromium without an error and without a third-party request."""

import time
import warnings

import pytest

from .conftest import nav_links, open_via_nav, read_log, screenshot, url_path, wait_for_app

pytestmark = pytest.mark.e2e

# The app shows readers an error box instead of a traceback and logs the traceback on the server,
# so a crashed page looks like one of these, or like a traceback in the server log.
ERROR_SELECTORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
TRACEBACK = "Traceback (most recent call last)"


class PageChecker:
    """Checks one page after another, each against only what happened since the previous one."""

    def __init__(self, page, server_log):
        self.page, self.server_log = page, server_log
        self.log_offset = read_log(server_log)[1]
        self.seen_requests = 0

    def check(self, where: str) -> None:
        log, self.log_offset = read_log(self.server_log, self.log_offset)
        external = self.page.external_requests[self.seen_requests :]
        self.seen_requests = len(self.page.external_requests)
        errors = self.page.locator(ERROR_SELECTORS)
        if errors.count():
            pytest.fail(
                f"{where}: {errors.count()} error(s) shown, first:\n{errors.first.inner_text()}"
                f"\n--- server log meanwhile:\n{log}"
            )
        assert TRACEBACK not in log, f"{where}: the server logged a traceback:\n{log}"
        urls = "\n".join(external)
        assert external == [], f"{where} requested third-party hosts:\n{urls}"


def _open_home(page, base_url: str) -> list[tuple[str, str]]:
    started = time.monotonic()
    page.goto(base_url)
    wait_for_app(page)
    print(f"\nhome ready in {time.monotonic() - started:.2f} s (fresh document)")
    links = nav_links(page)
    if not links:
        # Streamlit hides the menu of a one-page app: the home page is then the whole app.
        warnings.warn("no sidebar menu: only the home page is checked", stacklevel=2)
        links = [("accueil", page.url)]
    print(f"menu: {links}")
    return links


def test_every_page_from_the_sidebar(page, app_server, server_log, subtests):
    checker = PageChecker(page, server_log)
    links = _open_home(page, app_server)
    for rank, (title, href) in enumerate(links):
        with subtests.test(msg=title):
            started = time.monotonic()
            # The home page is already open; a click on its own link would not rerun.
            if url_path(href) != url_path(page.url):
                open_via_nav(page, href)
                print(f"  {title!r} via the menu ready in {time.monotonic() - started:.2f} s")
            screenshot(page, f"{rank:02d}_{url_path(href).strip('/') or 'accueil'}")
            checker.check(title)
    assert page.external_requests == [], "\n".join(page.external_requests)


def test_every_page_by_direct_link(page, app_server, server_log, subtests):
    # Shared links land straight on a page: each one must render from a fresh document.
    checker = PageChecker(page, server_log)
    links = _open_home(page, app_server)
    for title, href in links:
        with subtests.test(msg=title):
            started = time.monotonic()
            # The home page was just opened from a fresh document already.
            if url_path(href) != url_path(page.url):
                page.goto(href)
                wait_for_app(page)
                print(f"  {title!r} by direct link ready in {time.monotonic() - started:.2f} s")
            current = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')
            if current.count():
                assert current.get_attribute("href") == href, f"{href} did not open {title!r}"
            checker.check(title)
    assert page.external_requests == [], "\n".join(page.external_requests)


def test_external_request_guard_catches_and_blocks(page, app_server):
    page.goto(app_server)
    wait_for_app(page)
    assert page.external_requests == [], "the app's own local requests must not be recorded"

    # A resource the browser loads by itself (like a favicon or a CDN image).
    with page.expect_event("requestfailed"):
        page.set_content('<img src="https://cdn.example.org/x.png">')
    assert "https://cdn.example.org/x.png" in page.external_requests

    # A script fetch (set_content kept the app's origin), like plotly asking its CDN for a map.
    started = time.monotonic()
    outcome = page.evaluate(
        """(url) => fetch(url).then(() => 'loaded', (err) => 'blocked: ' + err)""",
        "https://cdn.plot.ly/un/world_110m.json",
    )
    assert outcome.startswith("blocked"), outcome
    assert time.monotonic() - started < 5, "blocked requests must fail fast when offline"
    assert "https://cdn.plot.ly/un/world_110m.json" in page.external_requests

    # Websockets have their own route: caught and closed too.
    outcome = page.evaluate(
        """(url) => new Promise((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onclose = () => resolve('closed');
        })""",
        "wss://ws.example.org/feed",
    )
    assert outcome == "closed"
    assert "wss://ws.example.org/feed" in page.external_requests
