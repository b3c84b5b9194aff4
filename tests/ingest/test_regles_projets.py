"""tid/ingest/regles_projets.py: one identifier per project, whatever its case, accents or
invisible characters."""

from __future__ import annotations

import pytest

from tests.ingest.registres import (
    _avertissements,
    apercu,
    fichier,
    ligne,
    projet,
    textes,
)
from tid import db, ingest
from tid.ingest import FichierRefuse

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
    """A right-to-left override is refused at reading (tid/ingest/caracteres.py); and were it in a
    base already, the identifier's key would still fold it (tests/ingest/test_identifiants.py)."""
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
