"""pages/vue-ensemble.py: links shared before pages/ came (/vue-ensemble?…) reach the home page."""

from __future__ import annotations

import pytest

from tests.appli import ouvrir, sans_erreur


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


@pytest.mark.parametrize("params", [{"region": "53"}, {"region": ["11", "84"], "programme": "TID"}])
def test_the_old_home_address_forwards_home_with_its_filters(params):
    at = ouvrir("pages/vue-ensemble.py", params)
    sans_erreur(at)
    assert [t.value for t in at.title] == ["Vue d'ensemble"]
    regions = params["region"] if isinstance(params["region"], list) else [params["region"]]
    assert at.sidebar.multiselect(key="region").value == regions
