"""tid/exports/dossier.py: a folder appears whole or not at all, and never replaces another."""

from __future__ import annotations

from pathlib import Path

import pytest

from tid.exports import dossier

FICHIERS = {"a.csv": b"x\r\n1\r\n", "b.csv": b"y\r\n2\r\n", "datapackage.json": b"{}\n"}


def test_writes_every_file_into_a_new_folder(tmp_path):
    cible = tmp_path / "sous" / "paquet"
    dossier.publier(cible, FICHIERS)
    assert {p.name: p.read_bytes() for p in cible.iterdir()} == FICHIERS
    assert [p.name for p in (tmp_path / "sous").iterdir()] == ["paquet"]


def test_a_failure_midway_leaves_nothing(tmp_path, monkeypatch):
    ecrits = []
    ecrire = Path.write_bytes

    def ecrire_puis_echouer(self, contenu):
        if len(ecrits) == 2:
            raise OSError(28, "No space left on device")
        ecrits.append(self.name)
        return ecrire(self, contenu)

    monkeypatch.setattr(Path, "write_bytes", ecrire_puis_echouer)
    with pytest.raises(OSError, match="No space"):
        dossier.publier(tmp_path / "paquet", FICHIERS)
    assert len(ecrits) == 2  # two files were written, then the disk filled
    assert list(tmp_path.iterdir()) == []  # neither the target nor the hidden folder remains


@pytest.mark.parametrize("occupant", ["fichier", "dossier_plein", "lien"])
def test_a_taken_target_is_refused_untouched(tmp_path, occupant):
    cible = tmp_path / "paquet"
    if occupant == "fichier":
        cible.write_bytes(b"ancien")
    elif occupant == "dossier_plein":
        cible.mkdir()
        (cible / "ancien.csv").write_bytes(b"ancien")
    else:
        (tmp_path / "ailleurs").mkdir()
        cible.symlink_to(tmp_path / "ailleurs")
    avant = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(dossier.DossierRefuse, match="rien n'a été écrit"):
        dossier.publier(cible, FICHIERS)
    assert sorted(p.name for p in tmp_path.rglob("*")) == avant


def test_a_folder_filled_during_the_write_is_not_replaced(tmp_path, monkeypatch):
    """Checked again at the rename: a file dropped in meanwhile is kept, the package is not."""
    cible = tmp_path / "paquet"
    cible.mkdir()
    ecrire = Path.write_bytes

    def ecrire_et_remplir(self, contenu):
        (cible / "arrive_entre_temps.txt").write_text("x", encoding="utf-8")
        return ecrire(self, contenu)

    monkeypatch.setattr(Path, "write_bytes", ecrire_et_remplir)
    with pytest.raises(dossier.DossierRefuse, match="n'est pas vide"):
        dossier.publier(cible, FICHIERS)
    assert [p.name for p in cible.iterdir()] == ["arrive_entre_temps.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["paquet"]
