"""tid/ui/connexion.py in AppTest: login, refusal, lockout, setup help when no hash is set."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest

from tid import mots_de_passe
from tid.ui import connexion

MOT_DE_PASSE = "cheval correct agrafe"

SCRIPT = """
import streamlit as st
from tid.ui.connexion import connexion_mainteneur

nom = connexion_mainteneur()
if nom:
    st.success(f"Bienvenue {nom}")
"""


@pytest.fixture(autouse=True)
def caches_vides():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def empreinte() -> str:
    return mots_de_passe.hacher(MOT_DE_PASSE, n=2**10)


@pytest.fixture
def configuree(monkeypatch, empreinte):
    monkeypatch.setenv(mots_de_passe.VARIABLE_ENV, empreinte)
    return empreinte


@pytest.fixture(autouse=True)
def sans_variable(monkeypatch):
    monkeypatch.delenv(mots_de_passe.VARIABLE_ENV, raising=False)


def ouvrir() -> AppTest:
    return AppTest.from_string(SCRIPT, default_timeout=10).run()


def essayer(at: AppTest, mot_de_passe: str, nom: str = "Anne Dupont") -> AppTest:
    at.text_input(key=connexion._NOM).input(nom)
    at.text_input(key=connexion._MOT_DE_PASSE).input(mot_de_passe)
    return at.button[0].click().run()


def erreurs(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def connecte(at: AppTest) -> bool:
    return [s.value for s in at.success] == ["Bienvenue Anne Dupont"]


def test_form_labels(configuree):
    at = ouvrir()
    assert not at.exception
    assert [t.label for t in at.text_input] == [
        "Nom (pour l'historique des imports)",
        "Mot de passe",
    ]
    assert at.text_input(key=connexion._MOT_DE_PASSE).proto.type == 1  # PASSWORD
    assert [b.label for b in at.button] == ["Se connecter"]
    assert not at.info and not erreurs(at) and not connecte(at)


def test_right_password_logs_in_then_out(configuree):
    at = essayer(ouvrir(), MOT_DE_PASSE)
    assert not at.exception
    assert connecte(at)
    assert not at.text_input  # the form is gone
    assert at.session_state[connexion._MOT_DE_PASSE] == ""  # password not kept
    assert [c.value for c in at.caption] == ["Connexion : Anne Dupont"]
    at = at.run()  # stays logged in over reruns
    assert connecte(at)
    deconnexion = [b for b in at.button if b.label == "Se déconnecter"]
    assert len(deconnexion) == 1
    at = deconnexion[0].click().run()
    assert not connecte(at)
    assert [t.label for t in at.text_input][1] == "Mot de passe"


def test_wrong_password_is_refused(configuree):
    at = essayer(ouvrir(), "mauvais mot de passe")
    assert not at.exception
    assert erreurs(at) == ["Mot de passe incorrect."]
    assert not connecte(at)
    assert at.session_state[connexion._MOT_DE_PASSE] == ""


def test_five_failures_lock_even_the_right_password(configuree):
    at = ouvrir()
    for _ in range(4):
        at = essayer(at, "mauvais mot de passe")
        assert erreurs(at) == ["Mot de passe incorrect."]
    at = essayer(at, "mauvais mot de passe")
    assert erreurs(at) == [
        "Mot de passe incorrect.",
        "Trop d'essais : réessayez dans 15 minutes.",
    ]
    at = essayer(at, MOT_DE_PASSE)
    assert erreurs(at) == ["Trop d'essais : réessayez dans 15 minutes."]
    assert not connecte(at)
    # the lock is shown on a plain rerun too, and another session is not locked by this one
    assert erreurs(at.run()) == ["Trop d'essais : réessayez dans 15 minutes."]
    assert connecte(essayer(ouvrir(), MOT_DE_PASSE))


def test_many_sessions_hit_the_global_lock(configuree):
    for _ in range(20):
        at = essayer(ouvrir(), "mauvais mot de passe")
    assert "Trop d'essais : réessayez dans 15 minutes." in erreurs(at)
    at = essayer(ouvrir(), MOT_DE_PASSE)
    assert erreurs(at) == ["Trop d'essais : réessayez dans 15 minutes."]
    assert not connecte(at)


def test_minutes_count_down(configuree, monkeypatch):
    horloge = [1000.0]
    verrou = mots_de_passe.Verrou(
        horloge=lambda: horloge[0], limites={mots_de_passe.CLE_GLOBALE: 20}
    )
    monkeypatch.setattr(connexion, "_verrou_mainteneurs", lambda: verrou)
    at = ouvrir()
    for _ in range(5):
        at = essayer(at, "mauvais mot de passe")
    horloge[0] += 14 * 60 + 30
    assert erreurs(at.run()) == ["Trop d'essais : réessayez dans 1 minute."]
    horloge[0] += 30
    assert connecte(essayer(at, MOT_DE_PASSE))


@pytest.mark.parametrize("valeur", [None, "", "pas une empreinte"])
def test_no_hash_shows_help_and_accepts_nothing(monkeypatch, valeur):
    if valeur is not None:
        monkeypatch.setenv(mots_de_passe.VARIABLE_ENV, valeur)
    at = ouvrir()
    assert not at.exception
    assert len(at.info) == 1
    aide = at.info[0].value
    assert "python -m tid hash-password" in aide
    assert "TID_MOT_DE_PASSE_HASH" in aide and "tid_mot_de_passe_hash" in aide
    assert "n'accepte aucun mot de passe" in aide
    assert not at.text_input and not at.button  # nothing to type a password into
    assert not connecte(at)


def test_a_session_logged_in_before_the_hash_was_removed_is_logged_out(monkeypatch, configuree):
    at = essayer(ouvrir(), MOT_DE_PASSE)
    assert connecte(at)
    monkeypatch.delenv(mots_de_passe.VARIABLE_ENV)
    at = at.run()
    assert not connecte(at) and len(at.info) == 1


def test_a_new_hash_logs_sessions_out(monkeypatch, configuree):
    at = essayer(ouvrir(), MOT_DE_PASSE)
    monkeypatch.setenv(
        mots_de_passe.VARIABLE_ENV, mots_de_passe.hacher("nouveau mot de passe", n=2**10)
    )
    at = at.run()
    assert not connecte(at)
    assert connecte(essayer(at, "nouveau mot de passe"))


def test_secrets_come_before_the_environment(monkeypatch, empreinte):
    monkeypatch.setenv(
        mots_de_passe.VARIABLE_ENV, mots_de_passe.hacher("autre mot de passe", n=2**10)
    )
    at = AppTest.from_string(SCRIPT, default_timeout=10)
    at.secrets[mots_de_passe.CLE_SECRETS] = empreinte
    at.run()
    assert connecte(essayer(at, MOT_DE_PASSE))
    at2 = AppTest.from_string(SCRIPT, default_timeout=10)
    at2.secrets[mots_de_passe.CLE_SECRETS] = empreinte
    at2.run()
    assert erreurs(essayer(at2, "autre mot de passe")) == ["Mot de passe incorrect."]


@pytest.mark.parametrize(("nom", "message"), [("", "Indiquez votre nom"), ("[x](y)", "Indiquez")])
def test_bad_name_is_not_an_attempt(configuree, nom, message):
    at = ouvrir()
    for _ in range(10):
        at = essayer(at, "mauvais mot de passe", nom=nom)
        assert len(erreurs(at)) == 1 and erreurs(at)[0].startswith(message)
    assert connecte(essayer(at, MOT_DE_PASSE))


def test_empty_password_is_not_an_attempt(configuree):
    at = ouvrir()
    for _ in range(10):
        at = essayer(at, "")
        assert erreurs(at) == ["Saisissez le mot de passe."]
    assert connecte(essayer(at, MOT_DE_PASSE))


# ---- the upload right follows the login (tid/ui/televersement.py) -------------------------------
SCRIPT_DEPOT = (
    SCRIPT
    + """
from tid.ui import televersement
st.text(f"dépôt : {televersement.est_autorisee(televersement.session_courante())}")
"""
)


def peut_deposer(at: AppTest) -> bool:
    return [t.value for t in at.text] == ["dépôt : True"]


def test_only_a_logged_in_session_may_upload(monkeypatch, configuree):
    at = AppTest.from_string(SCRIPT_DEPOT, default_timeout=10).run()
    assert not peut_deposer(at)
    at = essayer(at, MOT_DE_PASSE)
    assert connecte(at) and peut_deposer(at)
    at = next(b for b in at.button if b.label == "Se déconnecter").click().run()
    assert not peut_deposer(at)
    at = essayer(at, MOT_DE_PASSE)
    assert peut_deposer(at)
    # a new password on the server logs the session out, and takes the right back
    monkeypatch.setenv(
        mots_de_passe.VARIABLE_ENV, mots_de_passe.hacher("nouveau mot de passe", n=2**10)
    )
    assert not peut_deposer(at.run())


@pytest.fixture
def instance_publique():
    """server.maxUploadSize = 0: the public instance of README « Déploiement »."""
    avant = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 0)
    yield
    config.set_option("server.maxUploadSize", avant)


def test_the_public_instance_shows_no_login_form(configuree, instance_publique):
    at = AppTest.from_string(SCRIPT_DEPOT, default_timeout=10).run()
    assert not at.exception
    assert [i.value for i in at.info] == [connexion.IMPORTS_AILLEURS]
    assert not at.text_input and not at.button and not peut_deposer(at)
