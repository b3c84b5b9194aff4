"""« Où en sont les 30 M€ ? »: the words say what the queries say, on the real data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tid import db, fmt
from tid.filtres import aucun, par_defaut
from tid.textes import enveloppe

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _seed(base_seed, app_sur):
    app_sur(base_seed)


def _donnees(filtres):
    return (
        db.fetch("kpi", **filtres).iloc[0],
        db.fetch("chaine_par_vague", **filtres),
        db.fetch("calendrier_vagues", **filtres),
        db.fetch("repartition", par="type_territoire", **filtres),
        db.fetch("repartition", par="axe", **filtres),
        db.fetch("rapprochement_totaux_publies"),
    )


def _reponse(filtres, territorial=False):
    return enveloppe.reponse(*_donnees(filtres), territorial)


def _item(reponse: str, titre: str) -> str:
    return next(ligne for ligne in reponse.splitlines() if ligne.startswith(f"- **{titre}**"))


def test_the_tid_answer_on_the_real_data():
    reponse = _reponse(par_defaut())
    assert _item(reponse, "Enveloppe") == (
        f"- **Enveloppe** : 30{NBSP}M€ en 2 vagues : TID – vague 1 (15{NBSP}M€, lauréats publiés "
        f"le 25 octobre 2022), TID – vague 2 (15{NBSP}M€, lauréats publiés le 7 juin 2023)."
    )
    assert (
        _item(reponse, "Lauréats")
        == "- **Lauréats** : 13, dont 5 en TID – vague 1, 8 en TID – vague 2."
    )
    assert "attribué 6,9\u00a0M€, publié pour 3 projets sur 13" in _item(reponse, "Argent publié")
    assert "au plus 23,1\u00a0M€ à attribuer" in _item(reponse, "Argent publié")
    assert "aucun versement publié" in _item(reponse, "Argent publié")
    total = _item(reponse, "Total publié")
    assert total.startswith(f"- **Total publié** : plus de 34,6{NBSP}M€ – ")
    # what the aggregate covers beyond TID, and what « mobilisé » may include (seed notes)
    assert "DIAT – vague 1 hors de ce périmètre" in total
    assert "peut inclure d" in total and "autres financements que l" in total
    assert "[source](<https://www.seminaires-ecommerce.com/" in total
    assert _item(reponse, "Non publié").startswith(
        "- **Non publié** : le montant attribué de 10 lauréats sur 13"
    )


@pytest.mark.parametrize(
    "par,titre", [("type_territoire", "Par type de territoire"), ("axe", "Par axe")]
)
@pytest.mark.parametrize("programme", [["TID"], ["DIAT"], []])
def test_each_breakdown_adds_up_to_the_kpi_and_quotes_the_chart_query(par, titre, programme):
    filtres = {**aucun(), "programme": programme}
    kpi = db.fetch("kpi", **filtres).iloc[0]
    lignes = db.fetch("repartition", par=par, **filtres)
    item = _item(_reponse(filtres), titre)
    comptes = [int(n) for n in re.findall(r" : (\d+)(?: \(|;| ;|\.$)", item)]
    assert sum(comptes) == int(kpi["nb_projets"])
    for r in lignes[lignes["nb_projets"] > 0].itertuples():
        attendu = f" : {r.nb_projets}"
        if r.nb_projets_attribution_publiee:
            attendu += f" ({fmt.euros_compact(r.montant_attribue_eur)} publiés"
        assert attendu in item, (r.libelle, item)


def test_a_scope_outside_every_published_total_has_no_total_line():
    reponse = _reponse({**aucun(), "vague": ["DIAT-2"]})
    assert "**Total publié**" not in reponse
    assert "**Non publié**" in reponse


def test_a_territorial_filter_says_the_envelope_is_national_and_gives_no_remainder():
    filtres = {**par_defaut(), "region": ["53"]}
    reponse = _reponse(filtres, territorial=True)
    assert "au niveau national (non répartie par territoire)" in _item(reponse, "Enveloppe")
    assert "à attribuer" not in reponse
    assert "aucun montant attribué publié" in _item(reponse, "Argent publié")
    kpi = db.fetch("kpi", **filtres).iloc[0]
    assert enveloppe.titre(kpi, territorial=True) == "Où en est l'argent publié ?"
    assert (
        enveloppe.titre(db.fetch("kpi", **par_defaut()).iloc[0], False)
        == f"Où en sont les 30{NBSP}M€ ?"
    )


def test_text_from_the_data_is_shown_as_text():
    kpi, vagues, jalons, territoires, axes, totaux = _donnees(par_defaut())
    piege = "[cliquez](https://exemple.invalid) <b>gras</b>"
    totaux = totaux.assign(total_publie_libelle=piege, total_publie_notes=piege)
    axes = axes.assign(libelle=piege)
    reponse = enveloppe.reponse(kpi, vagues, jalons, territoires, axes, totaux, False)
    assert "](https://exemple.invalid)" not in reponse
    assert "<b>" not in reponse


def test_an_unknown_envelope_is_said_not_zero():
    kpi = pd.Series({"enveloppe_eur": None})
    assert enveloppe.titre(kpi, territorial=False) == "Où en est l'argent publié ?"
    reponse = _reponse({**aucun(), "programme": ["DIAT"]})
    assert "DIAT – vague 1 (enveloppe non publiée" in _item(reponse, "Enveloppe")
