"""Page controls kept in the URL: seeded from it, written back, default and stale codes dropped."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page():
    import streamlit as st

    from tid.ui import url

    options = st.session_state.get("offertes", {"region": "Régions", "departement": "Dép."})
    url.choix(st.segmented_control, "Échelle", options, "niveau", "region", required=True)
    url.choix(st.selectbox, "Projet", {"p1": "Un", "p2": "Deux"}, "projet", index=None)


def ouvrir(params: dict | None = None) -> AppTest:
    at = AppTest.from_function(_page)
    for cle, valeur in (params or {}).items():
        at.query_params[cle] = valeur
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_shared_link_chooses_and_the_label_is_shown_over_the_code():
    at = ouvrir({"niveau": "departement", "projet": "p2"})
    assert at.button_group(key="niveau").value == "departement"
    assert at.selectbox(key="projet").value == "p2"
    assert at.selectbox(key="projet").options == ["Un", "Deux"]
    assert at.query_params["niveau"] == "departement" and at.query_params["projet"] == "p2"


def test_unknown_codes_fall_back_and_the_default_stays_out_of_the_url():
    at = ouvrir({"niveau": "commune", "projet": "p9"})
    assert at.button_group(key="niveau").value == "region"
    assert at.selectbox(key="projet").value is None
    assert "niveau" not in at.query_params and "projet" not in at.query_params


def test_a_choice_is_written_and_a_cleared_one_stays_cleared():
    at = ouvrir()
    at.selectbox(key="projet").set_value("p1").run()
    assert at.query_params["projet"] == "p1"
    at.selectbox(key="projet").set_value(None).run()
    assert at.selectbox(key="projet").value is None
    assert "projet" not in at.query_params


def test_a_choice_no_longer_offered_goes_back_to_the_default():
    at = ouvrir({"niveau": "departement"})
    at.session_state["offertes"] = {"region": "Régions"}
    at.run()
    assert at.button_group(key="niveau").value == "region"
    assert "niveau" not in at.query_params
