"""tid/ui/fiche.py: the project sheet shows unconfirmed indications apart from the facts."""

from __future__ import annotations

import pytest

from tests.appli import metriques, ouvrir, sans_erreur
from tid.textes import projets as t

PAGE = "pages/projets.py"


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)


def test_the_sheet_shows_each_indication_with_its_value_reason_and_source():
    at = ouvrir(PAGE, {"programme": "TID", "projet": "tid1-syaden11"})
    sans_erreur(at)
    avertissements = [w.value for w in at.warning if t.INDICATION_NON_CONFIRMEE in w.value]
    assert len(avertissements) == 2
    cout, taux = sorted(avertissements)
    assert "coût total du projet : **de 5\u202f000\u202f000\u00a0€ à 6\u202f000\u202f000" in cout
    assert "part de l'État dans le financement : **50\u00a0%**" in taux
    source = "(<https://prod.aude.fr/actualites/avec-le-syaden-laude-devient-lun-des-cinq-"
    assert all(source in a and "Pourquoi incertain : " in a for a in avertissements)
    assert t.INDICATIONS_JAMAIS_COMPTEES in [c.value for c in at.caption]
    # the sheet's published amounts stay « non publié »: the indication is not a fact
    assert "- **Coût total publié** : non publié" in "\n".join(m.value for m in at.markdown)
    assert metriques(at) == {}


def test_a_project_without_indication_shows_none():
    at = ouvrir(PAGE, {"programme": "TID", "projet": "tid2-bfc"})
    sans_erreur(at)
    assert not [w for w in at.warning if t.INDICATION_NON_CONFIRMEE in w.value]
    assert t.INDICATIONS_JAMAIS_COMPTEES not in [c.value for c in at.caption]
