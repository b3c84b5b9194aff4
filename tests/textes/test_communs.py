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
