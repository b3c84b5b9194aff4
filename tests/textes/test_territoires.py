"""Sentences of « Territoires »: coverage from the KPI row, plurals, areas without a laureate."""

from __future__ import annotations

import pandas as pd
import pytest

from tid import charts, db, fmt, texte_brut
from tid.filtres import aucun, normaliser
from tid.textes import territoires as t


def test_map_caption_says_total_coverage_and_seats(con_seed):
    kpi = db.run(con_seed, "kpi", **aucun()).iloc[0]
    legende = t.legende_carte(kpi, True, 0, "Filtres : aucun filtre.")
    assert legende.startswith("Montant attribué publié : 11\u202f580\u202f000\u00a0€, publié pour ")
    assert "5 projets sur 25" in legende and "non placé" not in legende
    assert legende.endswith(f"Filtres : aucun filtre. {t.SOURCE_GEO}")
    compte = t.legende_carte(kpi, False, 1, "")
    assert compte.startswith("25 lauréats placés. Gris très clair : aucun lauréat. ")
    assert "; 1 lauréat sans coordonnées de siège publiées, non placé." in compte
    assert "2 lauréats sans coordonnées de siège publiées, non placés." in t.legende_carte(
        kpi, False, 2, ""
    )


def test_map_caption_totals_equal_the_map(con_seed):
    """R9: the caption reads the KPI row, the map sums the regions: the same figures."""
    filtres = normaliser({"programme": "TID"})
    kpi = db.run(con_seed, "kpi", **filtres).iloc[0]
    regions = db.run(con_seed, "repartition", par="region", **filtres)
    total, couverture = charts.couverture_totale(regions)
    attendu = f"Montant attribué publié : {fmt.euros(total)}, {couverture}."
    assert t.legende_carte(kpi, True, 0, "").startswith(attendu)
    assert t.legende_repartition(kpi, "F.").startswith(attendu)


def test_header_alt_and_seat_help_follow_the_choice():
    m, n = charts.METRIQUES["par_habitant"], charts.NIVEAUX["departement"]
    assert t.entete_carte(m, n) == "Montant attribué publié par habitant, par département"
    assert t.entete_carte(charts.METRIQUES["nombre"], n) == "Nombre de lauréats par département"
    assert t.alt_carte(m, n).startswith("Carte des départements de France")
    assert t.aide_sieges(2_000, 2_000) is None
    assert "au-delà de 2\u202f000 lauréats" in t.aide_sieges(2_001, 2_000)


@pytest.mark.parametrize(
    ("nb", "attendu"),
    [
        (1, "Sièges des lauréats (1 lauréat, tableau)"),
        (1_000, "Sièges des lauréats (1\u202f000 lauréats, tableau)"),
        (
            1_001,
            "Sièges des lauréats (1\u202f001 lauréats, tableau, 1\u202f000 premiers ; "
            "tous dans les téléchargements de « Projets »)",
        ),
    ],
)
def test_the_seats_table_says_when_it_is_cut(nb, attendu):
    assert t.titre_tableau_sieges(nb, 1_000) == attendu


def _zones(*nombres: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"libelle": [f"Zone *{i}*" for i in range(len(nombres))], "nb_projets": list(nombres)}
    )


def test_areas_without_a_laureate_agree_in_number():
    assert t.regions_sans_laureat(_zones(1, 2), False) == (
        "Toutes les régions ont au moins un lauréat."
    )
    une = t.regions_sans_laureat(_zones(0, 2), True)
    assert une == (
        f"**1 région sur 2** n'a aucun lauréat avec ces filtres : "
        f"{texte_brut.markdown('Zone *0*')}."
    )
    deux = t.regions_sans_laureat(_zones(0, 0, 3), False)
    noms = texte_brut.markdown("Zone *0*, Zone *1*")
    assert deux == f"**2 régions sur 3** n'ont aucun lauréat : {noms}."
    assert t.departements_sans_laureat(_zones(0, 0, 3), False) == (
        "**2 départements sur 3** n'ont aucun lauréat."
    )
    assert t.departements_sans_laureat(_zones(0, 4), True) == (
        "**1 département sur 2** n'a aucun lauréat avec ces filtres."
    )


def test_the_zone_table_gets_per_head_population_and_census_year(con_seed):
    regions = db.run(con_seed, "repartition", par="region", **aucun())
    tableau = t.tableau_zones(
        pd.DataFrame({"a": regions["libelle"], "b": 0, "c": 0, "d": 0}),
        regions,
        charts.population_ancienne(regions),
    )
    assert list(tableau.columns) == [
        "a", "b", "c", "€ par habitant", "d", "Population", "Année de la population"
    ]  # fmt: skip
    mayotte = tableau[tableau["a"] == "Mayotte"].iloc[0]
    assert mayotte["Année de la population"] == "2017 (recensement ancien)"
