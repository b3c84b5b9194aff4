"""Page « Vagues » in AppTest, inside the frame."""

from __future__ import annotations

import pytest

from tests.appli import ouvrir, sans_erreur

PAGE = "pages/vagues.py"


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


def test_vagues_names_the_undated_milestones_from_the_data():
    at = ouvrir(PAGE, {"programme": "tous"})
    sans_erreur(at)
    legende = next(c.value for c in at.caption if c.value.startswith("Dates publiées"))
    assert "DIAT – vague 1 (ouverture, clôture)" in legende
    assert "TID – vague 1" not in legende.split("non datés")[1].split(")")[0]
    at = ouvrir(PAGE, {"programme": "TID"})
    legende = next(c.value for c in at.caption if c.value.startswith("Dates publiées"))
    assert "non datés" not in legende  # every TID milestone is dated
