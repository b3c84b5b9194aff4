"""tid/ingest/regles_mouvements.py: the ledger's figures cannot go wrong through an import:
reversal chains, withdrawals bounded by what was attributed, the README's correction procedure,
warnings climbing the money chain."""

from __future__ import annotations

from tests.ingest.registres import (
    GRANDEST_ATTRIBUTION,
    apercu,
    attribue,
    correction_grandest,
    dernier_mouvement,
    fichier,
    importer,
    ligne,
    somme_du_registre,
    textes,
)

# --- the README's correction procedure, and reverting it --------------------------------------


def test_the_documented_correction_is_accepted_even_repeating_the_original(base):
    plan = apercu(base, correction_grandest())
    assert not plan.erreurs, textes(plan.erreurs)
    importer(base, correction_grandest())
    assert attribue(base, "tid1-grandest") == 2_500_000
    assert somme_du_registre(base, "tid1-grandest") == 2_500_000


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
