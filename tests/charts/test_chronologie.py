"""tid/charts/chronologie.py: French month ticks, cumulative steps, marks that do not collide."""

import pandas as pd
import pytest

from tests.golden import figures as golden
from tid import charts, db
from tid.filtres import aucun


def test_calendrier_has_french_month_ticks(con_seed):
    jalons = db.run(con_seed, "calendrier_vagues", **aucun())
    fig = charts.calendrier(jalons, "Calendrier")
    assert fig.layout.xaxis.ticktext[:3] == ("janv. 2021", "juil. 2021", "janv. 2022")
    assert {t.name for t in fig.data} >= {"Clôture annoncée", "Clôture effective"}


def test_cumul_attributions_steps_envelope_and_shared_wave_marks(con_seed):
    cumul = db.run(con_seed, "attributions_cumulees", **aucun())
    assert list(cumul["montant_cumule_eur"]) == [2_600_000, 6_900_000]
    assert cumul["montant_sans_date_eur"].iloc[0] == 4_680_000  # DIAT-2: no published date
    jalons = db.run(con_seed, "calendrier_vagues", **aucun())
    jalons = jalons[jalons["jalon"] == "Résultats publiés"]
    fig = charts.cumul_attributions(cumul, 70_000_000, jalons, "Cumul")
    assert fig.data[0].line.shape == "hv"
    textes = [a.text for a in fig.layout.annotations]
    assert "TID – vague 2 · DIAT – vague 1" in textes  # same day, one label
    assert any(t.startswith("Enveloppe 70") for t in textes)


def test_the_envelope_label_sits_in_the_widest_gap_between_wave_marks(con_seed):
    cumul = db.run(con_seed, "attributions_cumulees", **aucun())
    jalons = db.run(con_seed, "calendrier_vagues", **aucun())
    jalons = jalons[jalons["jalon"] == "Résultats publiés"]
    fig = charts.cumul_attributions(cumul, 70_000_000, jalons, "Cumul")
    etiquette = fig.layout.annotations[0]
    assert etiquette.text.startswith("Enveloppe") and etiquette.xanchor == "center"
    # marks: 25 Oct 2022 (TID-1) and 7 June 2023 (TID-2, DIAT-1): the label between them
    milieu = (
        pd.Timestamp("2022-10-25") + (pd.Timestamp("2023-06-07") - pd.Timestamp("2022-10-25")) / 2
    )
    assert pd.Timestamp(etiquette.x) == milieu


@pytest.mark.parametrize("nom", golden.noms("chronologie"))
def test_figure_equals_its_golden_file(con_seed, nom):
    """Pins what the former add_hline / add_vline version drew (now tests/golden/)."""
    golden.verifier(con_seed, nom)
