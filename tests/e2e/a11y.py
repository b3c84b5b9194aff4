"""Accessibility checks in the browser: axe-core, page language, chart alternatives, contrast."""

from __future__ import annotations

from functools import lru_cache

# axe's impacts that fail a page (RGAA / WCAG 2.1 AA); "moderate" and "minor" are reported only.
BLOCKING_IMPACTS = ("critical", "serious")

# Every chart: an accessible name (st.plotly_chart's `alt` gives role="figure" + aria-label),
# then, before the next chart or heading, a caption and a table (an expander holding one, or a
# dataframe beside it in the same row of columns, as on the map).
_CHART_ALTERNATIVES_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .map((chart) => {
    const row = chart.closest('[data-testid="stHorizontalBlock"]');
    let block = chart.closest('[data-testid="stElementContainer"]');
    // tid/ui/blocs.graphique: the chart and its title written by Streamlit, in one keyed block
    const own = chart.closest('[class*="st-key-graphique_"]');
    if (own) block = own.closest('[data-testid="stLayoutWrapper"]') || own;
    if (row) block = row.closest('[data-testid="stLayoutWrapper"]') || row;
    let caption = false;
    let table = Boolean(row && row.querySelector('[data-testid="stDataFrame"]'));
    for (let el = block.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.querySelector('[data-testid="stPlotlyChart"], [data-testid="stHeading"]')) break;
      if (el.querySelector('[data-testid="stCaptionContainer"]')) caption = true;
      if (el.querySelector('[data-testid="stExpander"], [data-testid="stDataFrame"]')) table = true;
    }
    const title = chart.querySelector('.gtitle');
    return {
      chart: title ? title.textContent : '(sans titre)',
      role: chart.getAttribute('role'),
      label: (chart.getAttribute('aria-label') || '').trim(),
      caption,
      table,
    };
  })"""

# Text drawn by plotly (SVG) is out of axe's reach: WCAG 1.4.3 checked here. Background: the
# sector under a sunburst label, the lightest-to-darkest colours of a heatmap's scale under its
# cell labels (worst case), else the chart's paper (bars write their values outside the bar).
_CHART_TEXT_CONTRAST_JS = r"""() => {
  const rgb = (c) => (c.match(/[0-9.]+/g) || []).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const probe = document.createElement('span');
  document.body.appendChild(probe);
  const css = (colour) => { probe.style.color = ''; probe.style.color = colour;
    return getComputedStyle(probe).color; };
  const failures = [];
  for (const gd of document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')) {
    // a transparent paper (Streamlit's theme) shows the app's background
    let paper = css((gd._fullLayout && gd._fullLayout.paper_bgcolor) || 'transparent');
    if (/rgba\(.*,\s*0\)$/.test(paper) || paper === 'transparent') {
      paper = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor;
    }
    const heatScales = (gd._fullData || []).filter((t) => t.type === 'heatmap')
      .map((t) => t.colorscale.map((stop) => css(stop[1])));
    for (const text of gd.querySelectorAll('svg text')) {
      const content = text.textContent.trim();
      const style = getComputedStyle(text);
      if (!content || style.display === 'none' || style.visibility === 'hidden'
          || Number(style.opacity) === 0 || Number(style.fillOpacity) === 0) continue;
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      let backgrounds = [paper];
      const slice = text.closest('g.slice');
      if (slice && slice.querySelector('path.surface')) {
        // a faded sector (plotly's leaf opacity) shows the paper through it
        const surface = getComputedStyle(slice.querySelector('path.surface'));
        const alpha = Number(surface.opacity) * Number(surface.fillOpacity);
        const [f, p] = [rgb(surface.fill), rgb(paper)];
        backgrounds = [`rgb(${f.map((v, i) => alpha * v + (1 - alpha) * p[i]).join(',')})`];
      } else if (text.closest('.heatmaplayer') && heatScales.length) {
        backgrounds = heatScales.flat();
      }
      const worst = Math.min(...backgrounds.map((b) => ratio(style.fill, b)));
      if (worst < needed) {
        failures.push({text: content.slice(0, 60), fill: style.fill, size,
                       ratio: Math.round(worst * 100) / 100, needed});
      }
    }
  }
  probe.remove();
  return failures;
}"""


@lru_cache(maxsize=1)
def _axe():
    # axe-core ships inside the package and is injected into the page: nothing is fetched.
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError as exc:
        raise ImportError(
            "axe-playwright-python manque : `make test-browser` l'installe (requirements-dev.txt)"
        ) from exc

    return Axe()


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now (all its rules, WCAG and best practice)."""
    return _axe().run(page).response["violations"]


def describe(violations: list[dict]) -> str:
    """One line per violation, then its first elements: rule, impact, selector, markup."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({len(v['nodes'])} élément(s))")
        for node in v["nodes"][:3]:
            lines.append(f"    {node['target']} {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"      {summary[:240]}")
    return "\n".join(lines)


def chart_alternative_problems(page) -> list[dict]:
    """Charts without an accessible name, a caption or a table of the same values."""
    return [
        chart
        for chart in page.evaluate(_CHART_ALTERNATIVES_JS)
        if chart["role"] != "figure"
        or not chart["label"]
        or not chart["caption"]
        or not chart["table"]
    ]


def chart_contrast_problems(page) -> list[dict]:
    """Chart texts (plotly SVG) under the WCAG 1.4.3 contrast ratio for their size."""
    return page.evaluate(_CHART_TEXT_CONTRAST_JS)


def page_language(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def check_page(page, where: str) -> list[dict]:
    """Fail on a blocking axe violation, a page not declared French, a chart without its text
    alternatives or a chart text under WCAG contrast; return the non-blocking violations."""
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{where}: axe, violations graves ou critiques :\n{describe(blocking)}"
    assert page_language(page) == "fr", f"{where}: <html lang={page_language(page)!r}>"
    missing = chart_alternative_problems(page)
    assert not missing, f"{where}: graphique sans texte alternatif, légende ou tableau : {missing}"
    low = chart_contrast_problems(page)
    assert not low, f"{where}: texte de graphique sous le contraste WCAG : {low}"
    return [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
