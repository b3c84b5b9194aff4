"""No traceback for readers: any error becomes the French message; its trace goes to the log."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import streamlit as st

from tid import components

_LOG = logging.getLogger("tid")


@contextlib.contextmanager
def message_francais(ou: str) -> Iterator[None]:
    """Run the block; an exception in it is logged (`ou` says where) and shown in French."""
    try:
        yield
    except Exception:
        # Exception, not BaseException: st.stop() and st.rerun() raise BaseException subclasses
        # (StopException, RerunException) that Streamlit must receive untouched.
        _LOG.exception("erreur %s", ou)
        st.error(components.ERREUR_INATTENDUE)
