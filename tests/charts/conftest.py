"""The seed's régions and laureates' seats, drawn by the map tests of tests/charts/."""

import pytest

from tid import db
from tid.filtres import aucun


@pytest.fixture
def regions(con_seed):
    return db.run(con_seed, "repartition", par="region", **aucun())


@pytest.fixture
def laureats(con_seed):
    return db.run(con_seed, "laureats_points", **aucun(), limite=None)
