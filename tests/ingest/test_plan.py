"""tid/ingest/plan.py: ledger rows left to complete are skipped; a file of them only is refused."""

from __future__ import annotations

from tests.ingest.bases import ENTETE_MOUVEMENTS
from tid import ingest
from tid.ingest.plan import a_completer


def _csv(*lignes: str) -> bytes:
    return "\r\n".join([ENTETE_MOUVEMENTS, *lignes, ""]).encode("utf-8")


def test_a_row_with_only_its_project_and_nature_is_left_to_complete():
    assert a_completer({"projet_id": "x", "nature": "attribution"})
    assert not a_completer({"projet_id": "x", "nature": "attribution", "notes": "n"})
    assert not a_completer({"projet_id": "x", "nature": "attribution", "mouvement_id": 4})


def test_one_blank_row_alone_is_refused_in_the_singular(base_seed):
    plan = ingest.preparer(_csv("tid1-toulouse;attribution;;;;"), "m.csv", base_seed)
    assert [p.texte() for p in plan.erreurs] == [
        "aucune ligne remplie : la seule ligne attend encore sa date, son montant et sa "
        "source (modèle « Montants à compléter » non rempli ?). Rien n'a été importé."
    ]


def test_blank_rows_beside_a_filled_row_are_skipped_and_counted(base_seed):
    plan = ingest.preparer(
        _csv(
            "tid1-toulouse;attribution;;;;",
            "tid1-siea01;attribution;25/10/2022;1 000 000;https://example.org/a;",
            "tid1-syaden11;attribution;;;;",
        ),
        "m.csv",
        base_seed,
    )
    assert not plan.erreurs
    assert (plan.a_completer, len(plan.mouvements_ajoutes)) == (2, 1)
    assert ingest.compter_lignes(plan)["a_completer"] == 2
