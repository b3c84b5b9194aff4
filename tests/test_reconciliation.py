"""R9: the KPI total, the ledger sum and the sum over waves agree for the same filters."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date, datetime

import pytest

from tid import db, exports
from tid.filtres import aucun

COMBINAISONS = [
    {},
    {"programme": ["TID"]},
    {"programme": ["DIAT"], "vague": ["DIAT-2"]},
    {"region": ["11", "84"]},
    {"region": ["53"]},
    {"type_territoire": ["metropole_grand_paris"]},
    {"axe": ["2"], "theme": ["energie", "eau"]},
    {"departement": ["69"]},
    {"region": ["28"]},  # Normandie: no laureate
]


def _filtres(**choix):
    return {**aucun(), **choix}


def _somme_registre(con, filtres) -> float:
    """Independent of the queries: the net published attributions, straight from the ledger."""
    ids = [
        r[0]
        for r in con.execute(
            "SELECT projet_id FROM projets_filtres($programme, $vague, $region, $departement, "
            "$type_territoire, $type_porteur, $axe, $theme)",
            filtres,
        ).fetchall()
    ]
    total = con.execute(
        "SELECT coalesce(sum(CASE WHEN nature = 'annulation' OR annule_mouvement_id IS NOT NULL "
        "THEN -montant_eur ELSE montant_eur END), 0) FROM mouvement "
        "WHERE nature IN ('attribution', 'annulation') AND list_contains($ids, projet_id)",
        {"ids": ids},
    ).fetchone()[0]
    return float(total)


@pytest.mark.parametrize("choix", COMBINAISONS, ids=lambda c: str(c) or "aucun")
def test_kpi_equals_ledger_equals_sum_over_waves(con_seed, choix):
    filtres = _filtres(**choix)
    kpi = db.run(con_seed, "kpi", **filtres).iloc[0]
    vagues = db.run(con_seed, "chaine_par_vague", **filtres)
    montant = kpi["montant_attribue_eur"]
    attribue_kpi = 0.0 if montant != montant else float(montant)  # NaN: nothing published
    assert attribue_kpi == _somme_registre(con_seed, filtres)
    assert attribue_kpi == float(vagues["montant_attribue_eur"].fillna(0).sum())
    assert int(kpi["nb_projets"]) == int(vagues["nb_projets"].sum())
    assert int(kpi["nb_projets_attribution_publiee"]) == int(
        vagues["nb_projets_attribution_publiee"].sum()
    )


@pytest.mark.parametrize("choix", COMBINAISONS, ids=lambda c: str(c) or "aucun")
def test_projets_totals_equal_the_kpi_whatever_the_rows_shown(con_seed, choix):
    filtres = _filtres(**choix)
    kpi = db.run(con_seed, "kpi", **filtres).iloc[0]
    premieres = db.run(con_seed, "projets", **filtres, recherche=None, limite=2)
    if premieres.empty:
        assert int(kpi["nb_projets"]) == 0
        return
    ligne = premieres.iloc[0]
    assert int(ligne["nb_lignes_total"]) == int(kpi["nb_projets"])
    assert int(ligne["nb_lignes_attribution_publiee"]) == int(kpi["nb_projets_attribution_publiee"])
    total, attendu = ligne["montant_attribue_total_eur"], kpi["montant_attribue_eur"]
    assert (total != total and attendu != attendu) or float(total) == float(attendu)


def test_real_totals(con_seed):
    kpi = db.run(con_seed, "kpi", **aucun()).iloc[0]
    assert kpi["montant_attribue_eur"] == 11_580_000
    assert (kpi["nb_projets"], kpi["nb_projets_attribution_publiee"]) == (25, 5)
    assert kpi["enveloppe_eur"] == 70_000_000


def test_fixture_totals_checked_by_hand(con_fixtures):
    """tests/fixtures/README.md: reversal and partial cancellation are subtracted."""
    kpi = db.run(con_fixtures, "kpi", **aucun()).iloc[0]
    assert kpi["montant_attribue_eur"] == 400_000
    assert kpi["nb_projets_attribution_publiee"] == 2  # fx-b's reversed attribution: not published
    assert kpi["montant_conventionne_eur"] == 300_000
    assert kpi["montant_verse_eur"] == 100_000
    assert kpi["enveloppe_eur"] == 3_000_000
    bretagne = db.run(con_fixtures, "kpi", **_filtres(region=["53"])).iloc[0]
    assert (bretagne["nb_projets"], bretagne["montant_attribue_eur"]) == (2, 300_000)


def test_envelope_of_a_wave_without_published_envelope_is_unknown(con_seed):
    kpi = db.run(con_seed, "kpi", **_filtres(vague=["DIAT-1"])).iloc[0]
    assert kpi["enveloppe_eur"] != kpi["enveloppe_eur"]  # NaN, not a partial sum
    tid1 = db.run(con_seed, "kpi", **_filtres(vague=["TID-1"])).iloc[0]
    assert tid1["enveloppe_eur"] == 15_000_000


# every breakdown of queries/repartition.sql but the themes (a project counts in each of its
# themes): each filtered project is in exactly one row
PARTITIONS = ("axe", "type_porteur", "type_territoire", "region", "departement")


@pytest.mark.parametrize("par", PARTITIONS)
@pytest.mark.parametrize("choix", COMBINAISONS, ids=lambda c: str(c) or "aucun")
def test_every_breakdown_adds_up_to_the_kpi(con_seed, choix, par):
    """R9: the bars, the map and their tables read one aggregate, which sums to the KPI row."""
    filtres = _filtres(**choix)
    kpi = db.run(con_seed, "kpi", **filtres).iloc[0]
    lignes = db.run(con_seed, "repartition", par=par, **filtres)
    montant = kpi["montant_attribue_eur"]
    attribue_kpi = 0.0 if montant != montant else float(montant)
    assert float(lignes["montant_attribue_eur"].fillna(0).sum()) == attribue_kpi
    assert int(lignes["nb_projets"].sum()) == int(kpi["nb_projets"])
    assert int(lignes["nb_projets_attribution_publiee"].sum()) == int(
        kpi["nb_projets_attribution_publiee"]
    )


@pytest.mark.parametrize("choix", COMBINAISONS, ids=lambda c: str(c) or "aucun")
def test_theme_breakdown_counts_each_project_once_per_theme(con_seed, choix):
    filtres = _filtres(**choix)
    lignes = db.run(con_seed, "repartition", par="theme", **filtres)
    paires, attribue = con_seed.execute(
        "SELECT coalesce(sum(len(theme_codes)), 0), "
        "coalesce(sum(len(theme_codes) * montant_attribue_eur), 0) "
        "FROM projets_filtres($programme, $vague, $region, $departement, "
        "$type_territoire, $type_porteur, $axe, $theme)",
        filtres,
    ).fetchone()
    assert int(lignes["nb_projets"].sum()) == int(paires)
    assert float(lignes["montant_attribue_eur"].fillna(0).sum()) == float(attribue)


# Queries allowed to read the unconfirmed indications: the project sheet and the list of sources.
LISENT_LES_INDICATIONS = {"indications_projet", "sources"}


@pytest.fixture(scope="module")
def base_sans_indication(base_seed, tmp_path_factory):
    """The real base with its indication table emptied."""
    path = tmp_path_factory.mktemp("sans_indication") / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    with db.writer(path) as con:
        con.execute("DELETE FROM indication")
    return path


def _membres(contenu: bytes) -> bytes | dict[str, bytes]:
    """A CSV as is; an XLSX as its members' bytes, but the time openpyxl stamps on the zip and
    on docProps/core.xml at each save."""
    if not contenu.startswith(b"PK"):
        return contenu
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def _resultats(path, filtres) -> dict:
    """Every query of queries/, every breakdown, and both extracts' bytes, on one base."""
    params = {
        **filtres,
        "recherche": None,
        "limite": None,
        "lot_initial": db.SEED_IMPORT_ID,
        "projet_id": "tid1-syaden11",  # has two indications
        "table": "projet",
        "par": "axe",
        "avec_projets": True,
        "depuis": date(2021, 1, 1),  # « Quoi de neuf »: the whole published history
    }
    con = db.connect(path)
    try:
        noms = [nom.removeprefix("/") for nom in db.query_names("")]
        sortie = {nom: db.run(con, nom, **params) for nom in noms}
        for par in (*PARTITIONS, "theme"):
            sortie[f"repartition/{par}"] = db.run(con, "repartition", **{**params, "par": par})
        for objet in exports.OBJETS:
            frame = db.run(con, exports.OBJETS[objet][0], **params)
            prov = exports.provenance(objet, frame, filtres, "aucun filtre", "date", None)
            for format_fichier in ("csv", "xlsx"):
                contenu = exports.fichier(objet, format_fichier, frame, prov, datetime(2026, 1, 1))
                sortie[f"{objet}.{format_fichier}"] = _membres(contenu)
    finally:
        con.close()
    return sortie


@pytest.mark.parametrize("choix", COMBINAISONS[:4], ids=lambda c: str(c) or "aucun")
def test_unconfirmed_indications_enter_no_sum_kpi_chart_or_export(
    base_seed, base_sans_indication, choix
):
    """KPI, breakdowns, charts' queries and extracts are the same with and without the
    indication table: only the project sheet and the list of sources read it."""
    con = db.connect(base_seed)
    try:
        assert con.execute("SELECT count(*) FROM indication").fetchone()[0] == 6
    finally:
        con.close()
    avec = _resultats(base_seed, _filtres(**choix))
    sans = _resultats(base_sans_indication, _filtres(**choix))
    assert avec.keys() == sans.keys()
    differents = {
        nom
        for nom in avec
        if not (
            avec[nom] == sans[nom]
            if isinstance(avec[nom], (bytes, dict))
            else avec[nom].equals(sans[nom])
        )
    }
    assert differents <= LISENT_LES_INDICATIONS
    assert "indications_projet" in differents  # the comparison can see a difference
