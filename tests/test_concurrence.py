"""The concurrency measure of `make bench` (bench/concurrence.py): a real server, real sessions.

It must be able to fail: each kind of problem is detected on a made-up rerun, and a real run
with a wrong expected title reports exactly that title, nothing else.
"""

from __future__ import annotations

import pytest

from bench import concurrence
from tid.ui import garde


def _execution(**champs) -> concurrence.Execution:
    propre = {"statut": "FINISHED_SUCCESSFULLY", "titres": ["Vagues"]}
    return concurrence.Execution(**{**propre, **champs})


def test_une_execution_propre_n_a_aucun_probleme():
    assert concurrence.problemes(_execution(), "Vagues", "53", "region=53") == []


def test_chaque_probleme_est_detecte():
    cas = {
        "exception": _execution(exceptions=["KeyError: 'region'"]),
        "erreur inattendue": _execution(erreurs=[garde.ERREUR_INATTENDUE]),
        "FINISHED_WITH_COMPILE_ERROR": _execution(statut="FINISHED_WITH_COMPILE_ERROR"),
        "titre « Vagues » absent": _execution(titres=[]),
        "résultat vide": _execution(infos=["Aucun lauréat ne correspond à ces filtres."]),
        "page introuvable": _execution(introuvable=True),
    }
    for attendu, execution in cas.items():
        trouves = concurrence.problemes(execution, "Vagues", None, "")
        assert len(trouves) == 1 and attendu in trouves[0], (attendu, trouves)
    trouves = concurrence.problemes(_execution(), "Vagues", "53", "region=84")
    assert trouves == ["filtre non appliqué (adresse : ?region=84)"]


def test_les_tracebacks_du_journal_sont_releves():
    journal = (
        "  You can now view your Streamlit app in your browser.\n"
        "erreur dans la page Vagues\n"
        "Traceback (most recent call last):\n"
        '  File "pages/vagues.py", line 3, in <module>\n'
        "    x = {}['region']\n"
        "KeyError: 'region'\n"
        "autre ligne\n"
    )
    (bloc,) = concurrence.tracebacks(journal)
    assert bloc.startswith("erreur dans la page Vagues") and bloc.endswith("KeyError: 'region'")


@pytest.mark.serveur
def test_deux_sessions_sur_un_vrai_serveur(base_seed, tmp_path):
    journal = tmp_path / "serveur.log"
    mesure = concurrence.mesurer(
        base_seed, 2, 2, 7, journal, titres={"Vue d'ensemble": "Titre faux"}
    )
    faux = [p for p in mesure.problemes if "titre « Titre faux » absent" in p]
    assert [p for p in mesure.problemes if p not in faux] == []
    # every first display lands on « Vue d'ensemble »: the wrong title is caught each time
    assert sum("1er affichage" in p for p in faux) == 2, mesure.problemes
    assert (len(mesure.premiers), len(mesure.pages), len(mesure.filtres)) == (2, 4, 4)
    assert mesure.erreurs_serveur == [], journal.read_text()
    assert mesure.rss_mo and mesure.rss_mo > 50
