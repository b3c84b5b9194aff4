"""tid/ingest/registre.py: running published amounts per project, and climbs of the money chain."""

from __future__ import annotations

from tid.ingest.registre import Soldes, montant_signe


def test_a_withdrawal_subtracts_and_an_unpublished_amount_changes_nothing():
    assert montant_signe("annulation", 100.0) == -100.0
    assert montant_signe("versement", 100.0) == 100.0
    soldes = Soldes({"p": {"attribution": None}})
    assert soldes.apres("p", "attribution", None) is None
    soldes.appliquer("p", "attribution", 250.5)
    soldes.appliquer("p", "attribution", montant_signe("annulation", 50.25))
    assert soldes.montant("p", "attribution") == 200.25


def test_each_climb_of_the_chain_is_said_once():
    soldes = Soldes({"p": {"attribution": 100.0, "convention": None, "versement": None}})
    soldes.appliquer("p", "versement", 150.0)
    assert len(soldes.incoherences("p")) == 1  # versé > attribué (conventionné not published)
    soldes.appliquer("p", "convention", 120.0)
    phrases = soldes.incoherences("p")
    assert len(phrases) == 2  # versé > conventionné, conventionné > attribué
    assert all("« p »" in phrase for phrase in phrases)
    assert soldes.incoherences("p") == []
