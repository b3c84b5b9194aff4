"""Read and drive the app's widgets in the browser the way a reader sees them."""

from __future__ import annotations

import codecs
import csv
import io

from .conftest import wait_for_app

SIDEBAR = '[data-testid="stSidebar"]'

_METRICS_JS = """() => Object.fromEntries(
  [...document.querySelectorAll('[data-testid="stMetric"]')].map((m) => [
    m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
    m.querySelector('[data-testid="stMetricValue"]').innerText.trim(),
  ]))"""

# The caption components.kpi writes under a tile, in the same column.
_METRIC_CAPTIONS_JS = """() => Object.fromEntries(
  [...document.querySelectorAll('[data-testid="stMetric"]')].map((m) => {
    const column = m.closest('[data-testid="stColumn"]');
    const caption = column && column.querySelector('[data-testid="stCaptionContainer"]');
    return [m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
            caption ? caption.innerText.trim() : null];
  }))"""

# Selected values of the shared filters, by their label; multiselect tags carry the option's
# label in aria-label (the <template> copy Streamlit keeps is not in the DOM tree).
_SIDEBAR_STATE_JS = """() => {
  const side = document.querySelector('[data-testid="stSidebar"]');
  const label = (w) => w.querySelector('[data-testid="stWidgetLabel"]').innerText.trim();
  const state = {};
  for (const radio of side.querySelectorAll('[data-testid="stRadio"]')) {
    const checked = radio.querySelector('input:checked');
    state[label(radio)] = checked
      ? checked.closest('[data-testid="stRadioOption"]').innerText.trim() : null;
  }
  for (const multi of side.querySelectorAll('[data-testid="stMultiSelect"]')) {
    state[label(multi)] = [...multi.querySelectorAll('[data-tag]')]
      .map((tag) => tag.getAttribute('aria-label'));
  }
  return state;
}"""

_SEGMENTED_JS = """() => Object.fromEntries(
  [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stButtonGroup"]')].map(
    (group) => [
      group.querySelector('[data-testid="stWidgetLabel"]').innerText.trim(),
      [...group.querySelectorAll('[aria-checked="true"]')].map((b) => b.innerText.trim()),
    ]))"""

# Glide's grid draws on a canvas and keeps, inside it, an accessible table of the cells it has
# drawn: scroll it sideways to get every column (rows are read as drawn; no vertical scroll).
_GRID_ROWS_JS = """async (canvas) => {
  const scroller = canvas.closest('[data-testid="stDataFrame"]').querySelector('.dvn-scroller');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const columns = () => [...canvas.querySelectorAll('[role="columnheader"]')]
    .map((h) => h.getAttribute('aria-colindex')).join();
  const rows = {};
  let drawn = '';
  for (let left = 0; ; left += scroller.clientWidth) {
    scroller.scrollLeft = left;
    // the accessible table follows the drawing a few hundred milliseconds later
    for (let waited = 0; waited < 3000 && (columns() === drawn || !columns()); waited += 50) {
      await sleep(50);
    }
    drawn = columns();
    const heads = {};
    for (const h of canvas.querySelectorAll('[role="columnheader"]')) {
      heads[h.getAttribute('aria-colindex')] = h.textContent;
    }
    for (const row of canvas.querySelectorAll('tbody [role="row"]')) {
      const cells = (rows[row.getAttribute('aria-rowindex')] ??= {});
      for (const cell of row.querySelectorAll('[role="gridcell"]')) {
        cells[heads[cell.getAttribute('aria-colindex')]] = cell.textContent;
      }
    }
    if (left + scroller.clientWidth >= scroller.scrollWidth) break;
  }
  scroller.scrollLeft = 0;
  return Object.keys(rows).sort((a, b) => a - b).map((k) => rows[k]);
}"""


def metrics(page) -> dict[str, str]:
    """KPI tiles as {label: value as displayed}."""
    return page.evaluate(_METRICS_JS)


def metric_captions(page) -> dict[str, str | None]:
    """The small caption under each KPI tile, by the tile's label."""
    return page.evaluate(_METRIC_CAPTIONS_JS)


def sidebar_state(page) -> dict[str, object]:
    """Shared filters as shown: radio label -> chosen option, multiselect label -> tags."""
    return page.evaluate(_SIDEBAR_STATE_JS)


def segmented_choices(page) -> dict[str, list[str]]:
    """Segmented controls of the page body: label -> selected options."""
    return page.evaluate(_SEGMENTED_JS)


def chart_titles(page) -> list[str]:
    """Titles of the plotly charts as drawn (SVG text, line breaks removed)."""
    return page.locator('[data-testid="stPlotlyChart"] .gtitle').all_text_contents()


def grid_rows(grid) -> list[dict[str, str]]:
    """Rows of an st.dataframe as {column title: cell text}, every column, the rows on screen."""
    canvas = grid.locator('[data-testid="data-grid-canvas"]')
    # The accessible table is built when the grid takes the focus (no mouse involved).
    canvas.evaluate("(c) => c.focus()")
    canvas.locator('[role="gridcell"]').first.wait_for(state="attached")
    return canvas.evaluate(_GRID_ROWS_JS)


def choose_in_sidebar(page, label: str, option: str) -> None:
    """Add `option` to the sidebar multiselect `label` as a reader does: type, pick, close."""
    box = page.locator(SIDEBAR).get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def euros(text: str) -> float | None:
    """« 3 580 000 € » -> 3580000.0; « non publié » -> None (tid.fmt's display, read back)."""
    if text.strip() in ("", "non publié"):
        return None
    chiffres = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
    return float(chiffres.replace(",", "."))


def read_csv_excel_fr(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV for French Excel; fails unless it has a UTF-8 BOM and « ; »."""
    assert data.startswith(codecs.BOM_UTF8), f"pas de BOM UTF-8 : {data[:20]!r}"
    text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
    assert not text.startswith("sep="), "une ligne « sep=; » gêne Excel en français"
    lecteur = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    rows = list(lecteur)
    return list(lecteur.fieldnames or []), rows
