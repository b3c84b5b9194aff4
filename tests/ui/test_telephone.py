"""tid/ui/telephone.py: drawn by the frame on every page, tied to what Streamlit's front end
names and measures (re-check docs/telephone.md when one of these fails after an upgrade)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit

from tests.appli import SCRIPTS, ouvrir, sans_erreur
from tid.ui import telephone

FRONT = Path(streamlit.__file__).parent / "static" / "static" / "js"


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


def _bundle() -> str:
    return "".join(f.read_text(encoding="utf-8") for f in FRONT.glob("*.js"))


@pytest.mark.parametrize("page", SCRIPTS, ids=str)
def test_the_frame_draws_it_on_every_page(page):
    at = ouvrir(page, {"programme": "TID"})
    sans_erreur(at)
    assert any(telephone.HTML in h.proto.body for h in at.get("html")), page


def test_it_fetches_nothing():
    # inline style and script only: no address, no import, no file
    assert not re.search(r"https?:|//[a-z]|\bimport\b|\bsrc=|\burl\(|@import", telephone.HTML)


def test_the_narrow_width_is_streamlits_breakpoint():
    # initial_sidebar_state="auto" collapses the sidebar up to the theme's « md » breakpoint
    points = re.findall(r"columns:`\d+px`,md:`(\d+)px`", _bundle())
    assert points == [str(telephone.LARGEUR_ETROITE_PX)], points


@pytest.mark.parametrize("selecteur", list(telephone.NOMS), ids=str)
def test_the_renamed_elements_are_streamlits(selecteur):
    (testid,) = re.findall(r'data-testid="(\w+)"', selecteur)
    assert f"`{testid}`" in _bundle(), testid


def test_the_names_replaced_are_streamlits_english_ones():
    bundle = _bundle()
    for nom in ("Expand sidebar", "Collapse sidebar"):
        assert f"`{nom}`" in bundle, nom
