"""A download button's file stays servable a while, whatever the process's other sessions do."""

from __future__ import annotations

import logging
import threading
import time

# Streamlit 1.67 builds a download button's file when it is clicked (data= a function) and keeps
# it referenced by no session: its cleanup, at the end of every script run of ANY session of the
# process, marks such a file and deletes it at the next one. With a few readers per process two
# runs end within milliseconds, before the reader's browser asks for /media/<file>: it gets a 404
# and a failed download (measured: 7 of 20 downloads clicked by 5 readers at once, one process).
# Here a file is deleted only when it has gone unreferenced this long.
DELAI_S = 30.0

_LOG = logging.getLogger("tid")
_verrou = threading.Lock()
_horloge = time.monotonic  # replaced in tests
ORIGINAUX: dict[str, object] = {}


def _depuis(metadonnees) -> float | None:
    return getattr(metadonnees, "_tid_orpheline_depuis", None)


def installer() -> bool:
    """Once per process: keep unreferenced downloadable files DELAI_S; False if Streamlit moved."""
    from streamlit.runtime.media_file_manager import MediaFileMetadata

    with _verrou:
        if ORIGINAUX:
            return True
        marque = MediaFileMetadata.__dict__.get("is_marked_for_delete")
        if not isinstance(marque, property) or not hasattr(MediaFileMetadata, "mark_for_delete"):
            _LOG.error(
                "Streamlit a changé : téléchargements non prolongés (tid/ui/telechargements.py)"
            )
            return False
        ORIGINAUX.update(
            is_marked_for_delete=marque, mark_for_delete=MediaFileMetadata.mark_for_delete
        )
        marquer = MediaFileMetadata.mark_for_delete

        def mark_for_delete(self) -> None:
            # the first cleanup that finds the file unreferenced starts its clock
            if _depuis(self) is None:
                self._tid_orpheline_depuis = _horloge()
            marquer(self)

        def is_marked_for_delete(self) -> bool:
            depuis = _depuis(self)
            return depuis is not None and _horloge() - depuis >= DELAI_S

        MediaFileMetadata.mark_for_delete = mark_for_delete
        MediaFileMetadata.is_marked_for_delete = property(is_marked_for_delete)
    return True
