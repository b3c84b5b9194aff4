"""The production units start the readers' processes as `make serve` does (no drift)."""

from __future__ import annotations

import re
from pathlib import Path

from deploy import lanceur

SYSTEMD = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def _directives(unite: Path) -> dict[str, list[str]]:
    """Each `Cle=valeur` of a unit file (continuation lines joined), by key."""
    texte = re.sub(r"\\\n\s*", " ", unite.read_text(encoding="utf-8"))
    directives: dict[str, list[str]] = {}
    for ligne in texte.splitlines():
        if "=" in ligne and not ligne.startswith(("#", "[")):
            cle, _, valeur = ligne.partition("=")
            directives.setdefault(cle.strip(), []).append(valeur.strip())
    return directives


def test_the_readers_unit_passes_the_settings_of_make_serve():
    unite = _directives(SYSTEMD / "tid-streamlit@.service")
    commande = unite["ExecStart"][0].split()
    assert commande[:5] == ["/srv/tid/.venv/bin/python", "-m", "streamlit", "run", "dashboard.py"]
    options = dict(zip(commande[5::2], commande[6::2], strict=True))
    attendu = {f"--{cle}": valeur for cle, valeur in lanceur.reglages_lecteurs(0, "x").items()}
    attendu["--server.port"] = "%i"  # the instance name
    del attendu["--browser.serverAddress"]  # from the environment file
    assert options == attendu
    assert unite["EnvironmentFile"] == ["/etc/tid/lecteurs.env"]
    assert unite["Restart"] == ["always"]


def test_the_environment_example_names_what_the_launcher_sets():
    cles = {
        ligne.split("=", 1)[0]
        for ligne in (SYSTEMD / "lecteurs.env.exemple").read_text(encoding="utf-8").splitlines()
        if ligne and not ligne.startswith("#")
    }
    assert cles == {"TID_DB", "STREAMLIT_BROWSER_SERVER_ADDRESS", "STREAMLIT_SERVER_COOKIE_SECRET"}
    env = lanceur.environnement(Path("/srv/tid/data/tid.duckdb"), {})
    assert {"TID_DB", "STREAMLIT_SERVER_COOKIE_SECRET"} <= env.keys()


def test_the_proxy_unit_checks_the_config_it_runs():
    unite = _directives(SYSTEMD / "tid-haproxy.service")
    config = "/etc/tid/haproxy.cfg"
    assert unite["ExecStartPre"] == [f"/usr/sbin/haproxy -c -q -f {config}"]
    assert unite["ExecStart"] == [f"/usr/sbin/haproxy -Ws -f {config}"]
    assert unite["ExecReload"][0] == unite["ExecStartPre"][0]
    # the stats socket the comment's command writes lives in the unit's runtime directory
    assert unite["RuntimeDirectory"] == ["tid-haproxy"]
    assert "--socket-stats /run/tid-haproxy/" in (SYSTEMD / "tid-haproxy.service").read_text()


def test_the_copy_unit_runs_the_copy_command_onto_the_readers_base():
    unite = _directives(SYSTEMD / "tid-copie.service")
    commande = unite["ExecStart"][0].split()
    assert commande[:4] == ["/srv/tid/.venv/bin/python", "-m", "deploy", "copy"]
    lecteurs = _directives(SYSTEMD / "lecteurs.env.exemple")
    assert commande[5] == lecteurs["TID_DB"][0]  # the base the readers' processes read
    assert (
        unite["ReadWritePaths"] == _directives(SYSTEMD / "tid-streamlit@.service")["ReadWritePaths"]
    )
    assert _directives(SYSTEMD / "tid-copie.timer")["OnUnitActiveSec"]
