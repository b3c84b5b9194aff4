"""A clicked download's file outlives the other sessions' runs (Streamlit's cleanup, slowed)."""

from __future__ import annotations

import inspect

import pytest
import streamlit
from streamlit.runtime.media_file_manager import MediaFileManager, MediaFileMetadata
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from tid.ui import telechargements


@pytest.fixture
def horloge(monkeypatch):
    """The module's clock, moved by hand: [seconds]."""
    assert telechargements.installer()
    maintenant = [1000.0]
    monkeypatch.setattr(telechargements, "_horloge", lambda: maintenant[0])
    return maintenant


def _cliquer(gestionnaire: MediaFileManager) -> str:
    """What a click on a download button with data=<function> does; the file's id."""
    provisoire = gestionnaire.add_deferred(lambda: b"projet_id;nom\r\n", "text/csv", "1.(2).3")
    url = gestionnaire.execute_deferred(provisoire)
    return url.rsplit("/", 1)[1].split(".")[0]


def _servi(gestionnaire: MediaFileManager, fichier: str) -> bool:
    try:
        gestionnaire._storage.get_file(fichier)
    except MediaFileStorageError:
        return False
    return True


def test_a_clicked_file_survives_other_sessions_runs_then_goes(horloge):
    gestionnaire = MediaFileManager(MemoryMediaFileStorage("/media"))
    fichier = _cliquer(gestionnaire)
    for _ in range(5):  # five script runs of other sessions end meanwhile
        gestionnaire.remove_orphaned_files()
    assert _servi(gestionnaire, fichier)
    horloge[0] += telechargements.DELAI_S
    gestionnaire.remove_orphaned_files()
    assert not _servi(gestionnaire, fichier)  # memory comes back


def test_without_it_streamlit_drops_the_file_after_two_runs_of_any_session(monkeypatch):
    """What the module works around, so that a Streamlit that stops doing it is noticed."""
    assert telechargements.installer()
    for nom, valeur in telechargements.ORIGINAUX.items():
        monkeypatch.setattr(MediaFileMetadata, nom, valeur)
    gestionnaire = MediaFileManager(MemoryMediaFileStorage("/media"))
    fichier = _cliquer(gestionnaire)
    gestionnaire.remove_orphaned_files()
    assert _servi(gestionnaire, fichier)
    gestionnaire.remove_orphaned_files()
    assert not _servi(gestionnaire, fichier)


def test_installed_once():
    assert telechargements.installer()
    propriete = MediaFileMetadata.__dict__["is_marked_for_delete"]
    assert telechargements.installer()
    assert MediaFileMetadata.__dict__["is_marked_for_delete"] is propriete


def test_the_streamlit_internals_it_relies_on():
    """Fails loudly when a Streamlit upgrade changes the cleanup this module slows down."""
    assert streamlit.__version__ == "1.67.0", "relire tid/ui/telechargements.py avant de monter"
    nettoyage = inspect.getsource(MediaFileManager.remove_orphaned_files)
    assert "if file.is_marked_for_delete:" in nettoyage
    assert "file.mark_for_delete()" in nettoyage
    # the clicked file is left unreferenced by any session
    assert "We leave actual_file_id unmapped" in inspect.getsource(
        MediaFileManager.execute_deferred
    )
