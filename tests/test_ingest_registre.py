"""The ledger's published figures cannot go wrong through an import: reversal chains, withdrawals
bounded by what was attributed, the README's correction procedure, one identifier per project,
warnings climbing the money chain, and warnings re-checked when the import is applied."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tid import check, db, filtres, ingest
from tid.lecture import FichierRefuse

SOURCE = "https://example.org/essai/registre"
ENTETE = "projet_id;nature;date_mouvement;montant_eur;annule_mouvement_id;source_url"
# data/seed/mouvement.csv: the one published attribution of tid1-grandest, and its convention
GRANDEST_ATTRIBUTION = (1, 2_600_000.0)


@pytest.fixture
def base(base_seed, tmp_path) -> Path:
    copie = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, copie)
    return copie


def fichier(*lignes: str) -> bytes:
    return ("\n".join([ENTETE, *lignes]) + "\n").encode()


def ligne(projet, nature, jour, montant="", annule="") -> str:
    return f"{projet};{nature};{jour};{montant};{annule};{SOURCE}"


def apercu(base: Path, contenu: bytes) -> ingest.Plan:
    return ingest.preparer(contenu, "registre.csv", base)


def importer(base: Path, contenu: bytes, acceptes=()) -> int:
    return ingest.appliquer(contenu, "registre.csv", "test", base, acceptes)[0]


def projet(base: Path, projet_id: str) -> pd.Series:
    con = db.connect(base)
    try:
        lignes = db.run(con, "projets", **filtres.aucun(), recherche=projet_id, limite=None)
    finally:
        con.close()
    return lignes.set_index("projet_id").loc[projet_id]


def attribue(base: Path, projet_id: str) -> float | None:
    valeur = projet(base, projet_id)["montant_attribue_eur"]
    return None if pd.isna(valeur) else float(valeur)


def somme_du_registre(base: Path, projet_id: str) -> float:
    """What the ledger export adds up to for a project's attribution stage."""
    con = db.connect(base)
    try:
        registre = db.run(con, "mouvements", **filtres.aucun(), recherche=projet_id, limite=None)
    finally:
        con.close()
    etape = registre[registre["nature"].isin(["attribution", "annulation"])]
    return float(etape["montant_signe_eur"].sum())


def dernier_mouvement(base: Path) -> int:
    con = db.connect(base)
    try:
        return int(con.execute("SELECT max(mouvement_id) FROM mouvement").fetchone()[0])
    finally:
        con.close()


def textes(problemes) -> str:
    return "\n".join(p.texte() for p in problemes)


# --- the README's correction procedure, and reverting it --------------------------------------


def correction_grandest() -> bytes:
    """README « Importer des données »: a row cancelling the wrong one (it repeats its date and
    amount), then the right row."""
    numero, montant = GRANDEST_ATTRIBUTION
    return fichier(
        ligne("tid1-grandest", "attribution", "2022-10-25", f"{montant:.0f}", numero),
        ligne("tid1-grandest", "attribution", "2022-10-25", "2500000"),
    )


def test_the_documented_correction_is_accepted_even_repeating_the_original(base):
    plan = apercu(base, correction_grandest())
    assert not plan.erreurs, textes(plan.erreurs)
    importer(base, correction_grandest())
    assert attribue(base, "tid1-grandest") == 2_500_000
    assert somme_du_registre(base, "tid1-grandest") == 2_500_000


def test_reverting_a_correction_lot_brings_the_corrected_amount_back(base):
    lot = importer(base, correction_grandest())
    ingest.annuler(lot, "test", base)
    assert attribue(base, "tid1-grandest") == GRANDEST_ATTRIBUTION[1]
    assert somme_du_registre(base, "tid1-grandest") == GRANDEST_ATTRIBUTION[1]
    assert check.controler(base).ok


def test_a_reversal_of_a_reversal_by_file_makes_the_row_count_again(base):
    importer(base, correction_grandest())
    annulation = dernier_mouvement(base) - 1  # the cancelling row of the correction
    importer(
        base,
        fichier(ligne("tid1-grandest", "attribution", "2023-01-10", "", annulation)),
    )
    # the original counts again beside the correction: both attributions add up
    assert attribue(base, "tid1-grandest") == GRANDEST_ATTRIBUTION[1] + 2_500_000
    assert somme_du_registre(base, "tid1-grandest") == GRANDEST_ATTRIBUTION[1] + 2_500_000
    # and the original row cannot be cancelled a second time: its chain's last row can
    plan = apercu(base, fichier(ligne("tid1-grandest", "attribution", "2023-02-01", "", 1)))
    assert f"annulez la dernière ligne de sa chaîne (n° {dernier_mouvement(base)})" in textes(
        plan.erreurs
    )


def test_a_reversal_repeats_the_amount_it_cancels(base):
    plan = apercu(base, fichier(ligne("tid1-grandest", "attribution", "2023-01-10", "100", 1)))
    assert "une ligne d'annulation reprend le montant de la ligne qu'elle annule" in textes(
        plan.erreurs
    )


# --- withdrawals (« annulation ») bounded by what is attributed --------------------------------


def test_a_withdrawal_above_the_attributed_amount_is_refused(base):
    plan = apercu(base, fichier(ligne("tid1-grandest", "annulation", "2023-01-10", "8400000")))
    assert "au-dessus de l'attribué publié de « tid1-grandest »" in textes(plan.erreurs)
    assert not plan.mouvements_ajoutes


def test_a_withdrawal_on_a_project_without_published_attribution_is_refused(base):
    plan = apercu(base, fichier(ligne("tid1-sdef29", "annulation", "2023-01-10", "1000")))
    assert "qui n'a pas d'attribution publiée" in textes(plan.erreurs)


def test_withdrawals_are_counted_row_after_row_within_a_file(base):
    contenu = fichier(
        ligne("tid1-grandest", "annulation", "2023-01-10", "2000000"),
        ligne("tid1-grandest", "annulation", "2023-01-11", "700000"),
    )
    plan = apercu(base, contenu)
    assert [p.ligne for p in plan.erreurs] == [3]
    assert "au-dessus de l'attribué publié" in textes(plan.erreurs)


def test_a_withdrawal_within_the_attributed_amount_lowers_it(base):
    importer(base, fichier(ligne("tid1-grandest", "annulation", "2023-01-10", "600000")))
    assert attribue(base, "tid1-grandest") == 2_000_000
    assert somme_du_registre(base, "tid1-grandest") == 2_000_000


def test_cancelling_the_attribution_under_a_withdrawal_is_refused(base):
    """The attribution cancelled, the withdrawal left alone: attribué would fall below zero."""
    importer(base, fichier(ligne("tid1-grandest", "annulation", "2023-01-10", "600000")))
    plan = apercu(base, fichier(ligne("tid1-grandest", "attribution", "2023-02-01", "", 1)))
    assert "serait négatif" in textes(plan.erreurs)


# --- warnings when the money chain climbs ------------------------------------------------------


def test_a_payment_above_the_convention_and_the_attribution_is_a_warning(base):
    contenu = fichier(
        ligne("tid1-grandest", "convention", "2023-05-17", "1000000"),
        ligne("tid1-grandest", "versement", "2023-06-01", "1500000"),
    )
    plan = apercu(base, contenu)
    assert not plan.erreurs, textes(plan.erreurs)
    avertissements = textes(plan.avertissements)
    assert "versé de « tid1-grandest »" in avertissements
    assert "au-dessus de son conventionné" in avertissements


def test_a_convention_above_the_attribution_is_a_warning(base):
    plan = apercu(base, fichier(ligne("tid1-grandest", "convention", "2023-05-17", "3000000")))
    assert "conventionné de « tid1-grandest »" in textes(plan.avertissements)
    assert "au-dessus de son attribué" in textes(plan.avertissements)


def test_attributions_above_the_programme_envelope_are_a_warning(base):
    contenu = fichier(ligne("tid2-lorient", "attribution", "2023-06-07", "29000000"))
    plan = apercu(base, contenu)
    assert "dépasserait son enveloppe" in textes(plan.avertissements)


# --- one identifier per project ----------------------------------------------------------------


@pytest.mark.parametrize(
    "ecrit",
    [
        "TID1-GRANDEST",  # case
        "tïd1-grandest",  # accent
        "tid1-grand\u200best",  # zero-width space (removed at reading, with a warning)
        "ｔｉｄ1-grandest",  # fullwidth letters
    ],
)
def test_an_identifier_differing_by_case_accent_or_invisible_is_the_same_project(base, ecrit):
    plan = apercu(base, fichier(ligne(ecrit, "convention", "2023-05-17", "1000000")))
    assert not plan.erreurs, textes(plan.erreurs)
    assert [m["projet_id"] for m in plan.mouvements_ajoutes] == ["tid1-grandest"]
    avertissements = textes(plan.avertissements)
    assert "lu « tid1-grandest »" in avertissements or "U+200B" in avertissements


def test_an_identifier_with_a_bidi_control_is_refused_never_a_second_project(base):
    """A right-to-left override is refused at reading (tid/lecture.py); and were it in a base
    already, the identifier's key would still fold it (tests/test_identifiants.py)."""
    with pytest.raises(FichierRefuse, match="U\\+202E"):
        apercu(base, fichier(ligne("\u202etid1-grandest", "convention", "2023-05-17", "1")))


def test_a_look_alike_letter_is_refused_by_name(base):
    plan = apercu(base, fichier(ligne("tid1-grаndest", "convention", "2023-05-17", "1")))
    assert "CYRILLIC SMALL LETTER A" in textes(plan.erreurs)
    assert not plan.mouvements_ajoutes


def test_a_projects_file_in_capitals_corrects_the_laureate_never_adds_one(base):
    contenu = "projet_id;notes\nTID2-BFC;Note corrigée\n".encode()
    ingest.appliquer(contenu, "projets.csv", "test", base, _avertissements(base, contenu))
    con = db.connect(base)
    try:
        ids = con.table("projet").project("projet_id").df()["projet_id"]
    finally:
        con.close()
    assert len(ids) == 25
    assert "TID2-BFC" not in set(ids)
    assert projet(base, "tid2-bfc")["notes"] == "Note corrigée"


def test_a_base_holding_a_legacy_capitalised_id_is_matched_not_doubled(base):
    """A base written before ids were canonical: the file's « tid2-bfc » means « TID2-BFC »."""
    with db.writer(base) as con:
        con.execute("UPDATE projet_theme SET projet_id = 'TID2-BFC' WHERE projet_id = 'tid2-bfc'")
        con.execute("UPDATE projet SET projet_id = 'TID2-BFC' WHERE projet_id = 'tid2-bfc'")
        con.execute("UPDATE mouvement SET projet_id = 'TID2-BFC' WHERE projet_id = 'tid2-bfc'")
    plan = apercu(base, fichier(ligne("tid2-bfc", "convention", "2023-07-01", "")))
    assert [m["projet_id"] for m in plan.mouvements_ajoutes] == ["TID2-BFC"]


def _avertissements(base: Path, contenu: bytes, nom: str = "projets.csv") -> list[str]:
    return [p.texte() for p in ingest.preparer(contenu, nom, base).avertissements]


# --- a preview's warnings are re-checked when applying -----------------------------------------


def test_a_warning_new_since_the_preview_refuses_the_apply(base):
    contenu = fichier(ligne("tid1-grandest", "convention", "2023-05-17", "3000000"))
    vus = [p.texte() for p in apercu(base, contenu).avertissements]
    assert len(vus) == 1
    # meanwhile another maintainer withdraws 600 000 €: the warning now says another amount
    importer(base, fichier(ligne("tid1-grandest", "annulation", "2023-01-10", "600000")))
    avant = base.read_bytes()
    with pytest.raises(ingest.ImportRefuse) as refus:
        importer(base, contenu, vus)
    assert ingest.AVERTISSEMENTS_NOUVEAUX in textes(refus.value.problemes)
    assert "au-dessus de son attribué (2\u202f000\u202f000,00\u00a0€)" in textes(
        refus.value.problemes
    )
    assert base.read_bytes() == avant
    # read and accepted, it applies
    importer(base, contenu, [p.texte() for p in apercu(base, contenu).avertissements])
    assert projet(base, "tid1-grandest")["montant_conventionne_eur"] == 3_000_000


def test_without_accepted_warnings_nothing_is_applied(base):
    contenu = fichier(ligne("tid1-grandest", "convention", "2023-05-17", "3000000"))
    with pytest.raises(ingest.ImportRefuse) as refus:
        importer(base, contenu)
    assert "au-dessus de son attribué" in textes(refus.value.problemes)
    assert ingest.AVERTISSEMENTS_NOUVEAUX not in textes(refus.value.problemes)
