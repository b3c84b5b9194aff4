"""`python -m deploy`: its commands, and a failed start that leaves no process behind."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request

import pytest

from deploy import __main__ as cli
from deploy import lanceur
from tests.e2e.conftest import free_ports


def test_config_prints_one_server_per_process_on_consecutive_ports(capsys):
    assert cli.main(["config", "--processus", "3", "--premier-port", "9101", "--port", "9100"]) == 0
    texte = capsys.readouterr().out
    assert re.findall(r"server s\d 127\.0\.0\.1:(\d+)", texte) == ["9101", "9102", "9103"]
    assert "bind 127.0.0.1:9100" in texte
    assert "Strict-Transport-Security" not in re.sub(r"#.*", "", texte)


def test_zero_processes_is_refused_in_french(capsys):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--processus", "0"])
    assert "au moins 1" in capsys.readouterr().err


def test_readers_processes_take_no_file_and_know_the_public_name():
    reglages = lanceur.reglages_lecteurs(8501, "tid.example.org")
    assert reglages["server.maxUploadSize"] == "0"
    assert reglages["server.address"] == "127.0.0.1"
    assert reglages["browser.serverAddress"] == "tid.example.org"
    assert reglages["browser.gatherUsageStats"] == "false"


def _repond(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
            return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.mark.proxy
def test_a_process_that_cannot_start_stops_the_others_and_says_why(base_seed, tmp_path):
    occupe, libre, proxy = free_ports(3)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as bloque:
        bloque.bind(("127.0.0.1", occupe))
        bloque.listen()
        with (
            pytest.raises(lanceur.ErreurLancement, match=r"streamlit 1 arrêté \(code"),
            lanceur.servir([occupe, libre], port=proxy, dossier=tmp_path, base=base_seed),
        ):
            pytest.fail("le bloc ne doit pas s'exécuter")
    # the second process, healthy, was stopped on the way out; HAProxy never started
    assert not _repond(libre)
    assert not (tmp_path / "haproxy.log").exists()
    assert (tmp_path / "streamlit-1.log").read_text(errors="replace")
