"""« Situation au … » in Chromium: a shared link to a past date shows the banner and the KPIs
of that day, and the way back to the current situation."""

from __future__ import annotations

import pytest

from tid.textes import situation

from .conftest import wait_for_app
from .ui import metrics

pytestmark = pytest.mark.e2e


def test_a_link_to_a_past_date_shows_the_banner_and_that_days_kpis(page, app_server):
    page.goto(app_server + "/?au=2023-01-01&programme=TID")
    wait_for_app(page)
    bandeau = page.locator(".st-key-bandeau_situation")
    assert bandeau.inner_text().startswith("Situation au 1 janvier 2023")
    tuiles = metrics(page)
    assert tuiles["Lauréats"] == "5"  # TID wave 1 only, announced on 25 October 2022
    assert tuiles["Attribué (publié)"] == "2,6\xa0M€"
    page.get_by_role("button", name=situation.REVENIR).click()
    wait_for_app(page)
    assert page.locator(".st-key-bandeau_situation").count() == 0
    assert "au=" not in page.url
    assert metrics(page)["Lauréats"] != "5"
