"""The maintainers' login of « Données »: scrypt hash from secrets or environment, lockout."""

from __future__ import annotations

import logging
import math
import os
import uuid

import streamlit as st

from tid import fmt, mots_de_passe
from tid.ui import televersement

_CONNEXION = "tid_connexion"  # {"nom", "empreinte"} once logged in
_SESSION = "tid_connexion_session"  # this browser session's lockout key
_RESULTAT = "tid_connexion_resultat"  # outcome of the last attempt, shown once
_NOM = "tid_connexion_nom"
_MOT_DE_PASSE = "tid_connexion_mot_de_passe"

AIDE_MOT_DE_PASSE = (
    "**Connexion des mainteneurs non configurée** : cette page n'accepte aucun mot de passe "
    "tant qu'aucune empreinte n'est déclarée sur le serveur.\n\n"
    "1. Sur le serveur, lancez `python -m tid hash-password` et saisissez deux fois le mot de "
    "passe (12 caractères au moins).\n"
    "2. Déclarez l'empreinte affichée (`scrypt$…`) dans la variable d'environnement "
    "`TID_MOT_DE_PASSE_HASH`, ou dans `.streamlit/secrets.toml` sous la clé "
    "`tid_mot_de_passe_hash` ; ce fichier ne doit jamais être versionné.\n"
    "3. Relancez l'application.\n\n"
    "Si une valeur est déjà déclarée, elle n'a pas la forme attendue : recréez-la avec la même "
    "commande."
)
IMPORTS_AILLEURS = (
    "**Imports désactivés à cette adresse** : ce tableau de bord public n'accepte aucun fichier. "
    "L'équipe du programme importe ses fichiers depuis l'adresse réservée aux mainteneurs."
)


@st.cache_resource
def _verrou_mainteneurs() -> mots_de_passe.Verrou:
    """One lockout per server process, shared by every session so the global key counts them all.

    5 failures lock a session for 15 minutes; 20 from all sessions lock everyone
    (see mots_de_passe.Verrou).
    """
    return mots_de_passe.Verrou(limites={mots_de_passe.CLE_GLOBALE: 20})


def _empreinte() -> str | None:
    try:
        secrets = st.secrets.to_dict()
    except FileNotFoundError:
        # StreamlitSecretNotFoundError (a FileNotFoundError): no secrets.toml, or unreadable
        secrets = None
    return mots_de_passe.empreinte_configuree(secrets, os.environ)


def _cles() -> list[str]:
    """Lockout keys of this attempt: the browser session, and every session together."""
    session = st.session_state.setdefault(_SESSION, uuid.uuid4().hex)
    return [session, mots_de_passe.CLE_GLOBALE]


def _se_connecter() -> None:
    mot_de_passe = st.session_state.get(_MOT_DE_PASSE, "")
    st.session_state[_MOT_DE_PASSE] = ""  # the password does not stay in the session
    nom = mots_de_passe.nom_valide(st.session_state.get(_NOM))
    if nom is None:
        st.session_state[_RESULTAT] = "nom"
    elif not mot_de_passe:
        # Enter in the name field submits the form: not an attempt, not a failure
        st.session_state[_RESULTAT] = "vide"
    else:
        empreinte = _empreinte()
        resultat = mots_de_passe.tenter(mot_de_passe, empreinte, _verrou_mainteneurs(), _cles())
        if resultat.ok:
            st.session_state[_CONNEXION] = {"nom": nom, "empreinte": empreinte}
        else:
            logging.getLogger("tid").warning(
                "connexion des mainteneurs : %s", resultat.statut.value
            )
            st.session_state[_RESULTAT] = resultat.statut


def _se_deconnecter() -> None:
    st.session_state.pop(_CONNEXION, None)
    televersement.retirer(televersement.session_courante())


def connexion_mainteneur() -> str | None:
    """The logged-in maintainer's name; else draws the login form (or the setup help), None."""
    # Each run says whether this session may upload: the server holds files only for those
    # that may (tid/televersement.py), and forgets a session that logs out or loses its login.
    session = televersement.session_courante()
    if not televersement.accepte_les_fichiers():
        # the public instance (README « Déploiement »): no login form, no password to try here
        televersement.retirer(session)
        st.info(IMPORTS_AILLEURS, icon=":material/upload_file:")
        return None
    empreinte = _empreinte()
    if empreinte is None:
        st.session_state.pop(_CONNEXION, None)
        televersement.retirer(session)
        st.info(AIDE_MOT_DE_PASSE, icon=":material/lock:")
        return None
    connexion = st.session_state.get(_CONNEXION)
    # a new hash (password changed on the server) logs every session out
    if connexion and connexion["empreinte"] == empreinte:
        televersement.autoriser(session)
        st.caption(f"Connexion : {connexion['nom']}")
        st.button("Se déconnecter", on_click=_se_deconnecter, icon=":material/logout:")
        return connexion["nom"]
    st.session_state.pop(_CONNEXION, None)
    televersement.retirer(session)

    with st.form("connexion_mainteneur"):
        st.text_input("Nom (pour l'historique des imports)", key=_NOM, max_chars=80)
        st.text_input(
            "Mot de passe", type="password", key=_MOT_DE_PASSE, max_chars=mots_de_passe.LONGUEUR_MAX
        )
        st.form_submit_button("Se connecter", on_click=_se_connecter)

    resultat = st.session_state.pop(_RESULTAT, None)
    if resultat == "nom":
        st.error(
            "Indiquez votre nom : lettres, espaces, apostrophes et tirets, 80 caractères au plus."
        )
    elif resultat == "vide":
        st.error("Saisissez le mot de passe.")
    elif resultat is mots_de_passe.Statut.REFUSE:
        st.error("Mot de passe incorrect.")
    attente = max(_verrou_mainteneurs().est_bloque(cle) for cle in _cles())
    if attente:
        minutes = fmt.compte(math.ceil(attente / 60), "minute", "minutes")
        st.error(f"Trop d'essais : réessayez dans {minutes}.")
    return None
