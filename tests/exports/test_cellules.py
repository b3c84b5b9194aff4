"""tid/exports/cellules.py: what a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import pytest

from tid.exports.cellules import neutraliser


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Lyon", "Lyon"),
        ("a=b", "a=b"),
        (12.5, 12.5),
        (None, None),
    ],
)
def test_neutraliser(valeur, attendu):
    assert neutraliser(valeur) == attendu
