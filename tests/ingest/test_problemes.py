"""tid/ingest/problemes.py: one line per problem, values quoted short, long reports capped."""

from __future__ import annotations

import pytest

from tid.ingest.problemes import (
    LIMITE_MESSAGE,
    LIMITE_PROBLEMES_AFFICHES,
    Probleme,
    affichable,
    extrait,
)


def test_probleme_texte_names_row_and_column():
    probleme = Probleme("montant illisible.", 4, "montant_eur")
    assert probleme.texte() == "Ligne 4, colonne « montant_eur » : montant illisible."
    assert Probleme("le fichier est vide.").texte() == "le fichier est vide."


GEANT = "9" * 10_000_000


@pytest.mark.parametrize(
    ("message", "attendu"),
    [
        (
            f"montant illisible « {GEANT} » (exemple : 1 250 000,50).",
            f"montant illisible « {'9' * 40}… » (exemple : 1 250 000,50).",
        ),
        ("date illisible « 31/02/2023 » (attendu JJ/MM/AAAA).", None),
        (
            f"un montant ne peut pas être négatif (-{GEANT}).",
            f"un montant ne peut pas être négatif (-{GEANT}"[:600] + "…",
        ),
        (
            "nature inconnue « vire\nment\r\n » (attendu : …).",
            "nature inconnue « vire ment » (attendu : …).",
        ),
    ],
)
def test_a_message_quotes_at_most_40_characters_of_a_cell(message, attendu):
    probleme = Probleme(message, 2, "montant_eur")
    assert probleme.message == (attendu or message)
    assert len(probleme.message) <= LIMITE_MESSAGE + 1


def cinquante_et_plus(n: int) -> list[Probleme]:
    """n problems of three kinds, in reverse row order."""
    messages = [
        ("montant illisible « abc{i} » (exemple : 1 250 000,50).", "montant_eur"),
        ("date illisible « 31/02/2023 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).", "date_mouvement"),
        ("ligne en double (même projet, nature, date et montant que la ligne {i}).", None),
    ]
    return [
        Probleme(messages[i % 3][0].format(i=i), i + 2, messages[i % 3][1])
        for i in reversed(range(n))
    ]


def test_a_report_keeps_the_first_problems_by_row_and_counts_the_others_by_kind():
    rapport = extrait(cinquante_et_plus(20_000))
    assert rapport.total == 20_000
    assert [p.ligne for p in rapport.montres] == list(range(2, 52))
    assert rapport.reste == (
        # kinds as many: in the order of their first row
        "… et 19\u202f950 autres problèmes : 6\u202f650 « ligne en double », 6\u202f650 « montant "
        "illisible » dans la colonne montant_eur, 6\u202f650 « date illisible » dans la colonne "
        "date_mouvement."
    )
    assert len(rapport.lignes()) == LIMITE_PROBLEMES_AFFICHES + 1
    # at the cap, nothing is summed up; one more and one line says so
    assert extrait(cinquante_et_plus(50)).reste is None
    assert extrait(cinquante_et_plus(51)).reste == (
        "… et 1 autre problème : 1 « ligne en double »."
    )


@pytest.mark.parametrize(
    ("message", "sorte"),
    [
        ("code inconnu « 99 » (exemples de codes valides : 11, 24).", "code inconnu"),
        ("formule refusée (« =SOMME(B2:B3) ») : saisissez la valeur.", "formule refusée"),
        (
            "versement du 01/03/2023 avant la convention du 16/05/2023.",
            "versement du … avant la convention du …",
        ),
        (
            "nouveau projet « essai-3 » : valeur obligatoire.",
            "nouveau projet … : valeur obligatoire",
        ),
        (
            "valeur obligatoire : une cellule vide ne peut pas effacer ce champ du projet « x ».",
            "valeur obligatoire : une cellule vide ne peut pas effacer ce champ du projet",
        ),
        ("numéro de mouvement inconnu : laissez la colonne vide.", "numéro de mouvement inconnu"),
        (
            "1 000 000,00 € dépasse à lui seul l'enveloppe du programme TID : erreur ?",
            "… € dépasse à lui seul l'enveloppe du programme TID",
        ),
        (
            "caractère invisible U+202E (inversion du sens d'écriture) refusé.",
            "caractère invisible U+202E",
        ),
    ],
)
def test_problems_are_counted_by_kind_without_their_values(message, sorte):
    assert extrait([Probleme(message, 2)], limite=0).reste == (
        f"… et 1 autre problème : 1 « {sorte} »."
    )


def test_beyond_five_kinds_the_others_are_counted_together():
    problemes = [Probleme(f"sorte {lettre}.", 2) for lettre in "aabcdefg"]
    assert extrait(problemes, limite=0).reste == (
        "… et 8 autres problèmes : 2 « sorte a », 1 « sorte b », 1 « sorte c », 1 « sorte d », "
        "1 « sorte e », 2 d'autres sortes."
    )


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("a\x1b[31mb", "a<U+001B>[31mb"),
        ("ab\u202edc", "ab<U+202E>dc"),
        ("ligne\récrasée", "ligne<U+000D>écrasée"),
        ("1\u202f000\u00a0€\tet\nla suite", "1\u202f000\u00a0€\tet\nla suite"),
    ],
)
def test_affichable_writes_control_and_invisible_characters_as_code_points(texte, attendu):
    assert affichable(texte) == attendu


def test_a_problem_never_holds_a_raw_control_or_invisible_character():
    """Whatever its message quotes (a value from the base, a name), and its column."""
    probleme = Probleme("projet inconnu « a\x1b[2Jb\u202ec ».", 3, "no\u200btes")
    assert probleme.texte() == (
        "Ligne 3, colonne « no<U+200B>tes » : projet inconnu « a<U+001B>[2Jb<U+202E>c »."
    )
