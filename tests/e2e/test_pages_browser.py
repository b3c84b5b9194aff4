"""Every page renders in Chromium without an error, without a third-party request, and passes
the accessibility checks (axe-core, French page, chart alternatives, chart text contrast)."""

import time
import warnings
from urllib.parse import urlparse

import pytest
from PIL import Image

from . import a11y
from .conftest import (
    SCREENSHOT_DIR,
    nav_links,
    open_via_nav,
    read_log,
    screenshot,
    serve,
    url_path,
    wait_for_app,
)

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


# The README's picture (copied by hand to docs/vue-ensemble.png, see README): the top of the
# home page as a reader first sees it, in 256 colours to stay small in git.
README_SCREENSHOT = SCREENSHOT_DIR / "readme" / "vue-ensemble.png"
README_SIZE = {"width": 1400, "height": 1000}
README_MAX_BYTES = 400_000


def readme_screenshot(page) -> None:
    README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(README_SCREENSHOT), clip={"x": 0, "y": 0, **README_SIZE})
    with Image.open(README_SCREENSHOT) as image:
        reduite = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    reduite.save(README_SCREENSHOT, optimize=True)
    taille = README_SCREENSHOT.stat().st_size
    assert taille < README_MAX_BYTES, f"{README_SCREENSHOT}: {taille} octets"


def test_every_page_from_the_sidebar(page, app_server, server_log, subtests):
    """Each page via the menu: no error, no outside request, accessible, a screenshot."""
    checker = PageChecker(page, server_log)
    links = _open_home(page, app_server)
    readme_screenshot(page)
    moderate: dict[str, list[dict]] = {}
    for rank, (title, href) in enumerate(links):
        with subtests.test(msg=title):
            started = time.monotonic()
            # The home page is already open; a click on its own link would not rerun.
            if url_path(href) != url_path(page.url):
                open_via_nav(page, href)
                print(f"  {title!r} via the menu ready in {time.monotonic() - started:.2f} s")
            screenshot(page, f"{rank:02d}_{url_path(href).strip('/') or 'accueil'}")
            checker.check(title)
            started = time.monotonic()
            moderate[title] = a11y.check_page(page, title)
            print(f"  {title!r} accessibility checks in {time.monotonic() - started:.2f} s")
    # Not failures (moderate or minor impact): listed for docs/accessibility.md.
    for title, violations in moderate.items():
        if violations:
            print(f"axe, {title}, non bloquant :\n{a11y.describe(violations)}")
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


# A real Streamlit configuration that leaks: usage statistics on, and a plotly geo map without
# a local topojson (plotly then fetches world_110m.json from its CDN).
LEAKY_APP = """
import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Choropleth(locations=["FRA"], z=[1], locationmode="ISO-3")))
"""
LEAK_WAIT_S = 15


def test_external_request_guard_catches_a_leaky_streamlit_app(page, tmp_path):
    # The guard above is proven on hand-made requests; here on what a real app does by default.
    script = tmp_path / "fuite.py"
    script.write_text(LEAKY_APP, encoding="utf-8")
    options = {"browser.gatherUsageStats": "true"}
    with serve(script, tmp_path / "fuite.log", cwd=tmp_path, options=options) as base_url:
        page.goto(base_url)
        wait_for_app(page)
        # Both leaks are asynchronous: poll for them (up to LEAK_WAIT_S) rather than sleep.
        deadline = time.monotonic() + LEAK_WAIT_S
        while time.monotonic() < deadline and not _both_leaks(page.external_requests):
            page.wait_for_timeout(100)
    hosts = {urlparse(u).hostname for u in page.external_requests}
    assert "cdn.plot.ly" in hosts, f"plotly's CDN not caught: {hosts}"
    assert any(h.endswith("streamlit.io") for h in hosts), f"usage statistics not caught: {hosts}"


def _both_leaks(urls: list[str]) -> bool:
    hosts = {urlparse(u).hostname for u in urls}
    return "cdn.plot.ly" in hosts and any(h.endswith("streamlit.io") for h in hosts)


def test_accessibility_checks_can_fail(page, app_server):
    # Each check of a11y.check_page is shown to catch what it is there for, on the real home page.
    page.goto(app_server)
    wait_for_app(page)
    assert a11y.check_page(page, "accueil") is not None  # passes as served
    page.evaluate(
        """() => {
          const main = document.querySelector('[data-testid="stMain"]');
          const pale = document.createElement('p');
          pale.textContent = 'Texte trop pâle';
          pale.style.color = '#b0b0b0';
          main.prepend(pale);
          document.documentElement.lang = 'en';
          const chart = document.querySelector('[data-testid="stPlotlyChart"]');
          chart.removeAttribute('aria-label');
          chart.querySelector('.xtick text').style.fill = '#b0b0b0';
        }"""
    )
    contraste = [v for v in a11y.axe_violations(page) if v["id"] == "color-contrast"]
    assert contraste and contraste[0]["impact"] == "serious", contraste
    assert "Texte trop pâle" in str(contraste[0]["nodes"])
    assert a11y.page_language(page) == "en"
    assert [c["label"] for c in a11y.chart_alternative_problems(page)] == [""]
    pales = a11y.chart_contrast_problems(page)
    assert [p["fill"] for p in pales] == ["rgb(176, 176, 176)"], pales
    with pytest.raises(AssertionError, match="graves ou critiques"):
        a11y.check_page(page, "accueil modifiée")
