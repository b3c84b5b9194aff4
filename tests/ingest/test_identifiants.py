"""tid/ingest/identifiants.py: one canonical form per project id, look-alikes refused by name."""

from __future__ import annotations

import pytest

from tid.ingest import identifiants


@pytest.mark.parametrize(
    ("ecrit", "forme"),
    [
        ("tid2-bfc", "tid2-bfc"),
        ("TID2-BFC", "tid2-bfc"),
        ("tïd2-bfç", "tid2-bfc"),
        ("tid2\u200b-bfc", "tid2-bfc"),
        ("\u2066tid2-bfc\u2069", "tid2-bfc"),
        ("ｔｉｄ２-bfc", "tid2-bfc"),
        ("tid2 -bfc", "tid2-bfc"),
        ("syn-0000042", "syn-0000042"),
    ],
)
def test_canonical_form(ecrit, forme):
    assert identifiants.canonique(ecrit) == forme
    assert identifiants.cle(ecrit) == forme


@pytest.mark.parametrize(
    ("ecrit", "nom"),
    [
        ("tid2-bfс", "CYRILLIC SMALL LETTER ES"),
        ("tid2-bfο", "GREEK SMALL LETTER OMICRON"),
        ("tid2/bfc", "SOLIDUS"),
        ("tid2\u2011bfc", "HYPHEN"),
    ],
)
def test_look_alikes_and_symbols_are_refused_by_name(ecrit, nom):
    with pytest.raises(identifiants.IdentifiantRefuse, match=nom):
        identifiants.canonique(ecrit)


@pytest.mark.parametrize("ecrit", ["", "-tid", "x" * 65, "\u200b"])
def test_empty_leading_punctuation_or_too_long_is_refused(ecrit):
    with pytest.raises(identifiants.IdentifiantRefuse):
        identifiants.canonique(ecrit)
