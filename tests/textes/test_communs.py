"""The one wording of the reconciliation of a published aggregate with per-project sums."""

from __future__ import annotations

import pandas as pd

from tid import db, textes


def test_one_wording_in_markdown_and_in_plain_text(con_seed):
    (total,) = db.run(con_seed, "rapprochement_totaux_publies").itertuples()
    riche = textes.rapprochement(total)
    simple = textes.rapprochement(total, markdown=False)
    assert "plus de 34\u202f600\u202f000\u00a0€ pour 17 projets" in riche
    # Markdown: the name in bold, imported text escaped; plain: as written
    assert riche.startswith("**") and "TID\\-1" in riche
    assert "**" not in simple and "TID-1" in simple
    # the same sentence but for the Markdown marks and the links
    assert simple.split(" : ", 1)[1].split(", sans détail")[1] == riche.split(", sans détail")[1]


def test_import_states_in_words_and_an_unknown_one_as_written():
    historique = pd.DataFrame({"statut": ["applique", "annule", "annulation", "autre"]})
    assert list(textes.statuts_lisibles(historique)["statut"]) == [
        "appliqué",
        "annulé",
        "annulation d'un lot",
        "autre",
    ]
    assert historique["statut"][0] == "applique"  # the fetched frame is left as it was


def test_the_data_dates_never_name_the_day_the_file_was_built():
    import datetime as dt

    import pandas as pd

    seed = pd.Series(
        {
            "est_synthetique": False,
            "date_dernier_import": None,
            "date_construction": dt.datetime(2026, 12, 2, 9, 0),
        }
    )
    lu = dt.date(2026, 11, 29)
    assert textes.dates_des_donnees(seed, lu) == "Sources consultées le 29 novembre 2026"
    importee = seed.copy()
    importee["date_dernier_import"] = dt.datetime(2026, 12, 3, 15, 0)
    assert textes.dates_des_donnees(importee, lu) == (
        "Sources consultées le 29 novembre 2026, dernier import le 3 décembre 2026"
    )
    fictive = seed.copy()
    fictive["est_synthetique"] = True
    assert textes.dates_des_donnees(fictive, lu) == "Données fictives générées le 2 décembre 2026"
