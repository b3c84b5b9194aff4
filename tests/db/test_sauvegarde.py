"""tid/db/sauvegarde.py: what SchemaPerime advises (backup, then restore) keeps the imports."""

from __future__ import annotations

import shutil

import pytest

from tid import db

from .outils import cli, copies_de_cote, empreinte_de, marquer_ancien_schema, nb_lots


def test_the_advice_for_an_older_schema_with_imports_keeps_them(
    base_avec_import, tmp_path, monkeypatch, capsys
):
    """What SchemaPerime tells to do (backup, then restore) works and loses no import."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    marquer_ancien_schema(path)
    avant = path.read_bytes()
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    with pytest.raises(db.SchemaPerime) as refus:
        db.ensure_base()
    message = str(refus.value)
    assert "tid backup" in message and "tid restore" in message
    assert "tid build" not in message
    dossier = tmp_path / "sauvegarde"
    assert cli(capsys, "backup", "-o", dossier)[0] == 0
    code, sortie, _ = cli(capsys, "restore", dossier)
    assert code == 0
    assert empreinte_de(path) == db.empreinte_schema()
    assert nb_lots(path) == 2
    [copie] = copies_de_cote(path, "restauration")
    assert copie.read_bytes() == avant
    assert copie.name in sortie


def test_a_backup_older_than_the_indication_table_restores_it_from_data_seed(
    base_avec_import, tmp_path
):
    """A backup made before data/seed/indication.csv existed has no indication.parquet: the
    table no import writes is read from data/seed; any other missing table still refuses."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    dossier = tmp_path / "sauvegarde"
    db.sauvegarder(dossier, path)
    (dossier / "indication.parquet").unlink()
    db.restaurer(dossier, path)
    assert nb_lots(path) == 2
    con = db.connect(path)
    try:
        attendu = len((db.SEED_DIR / "indication.csv").read_text(encoding="utf-8").splitlines()) - 1
        assert con.execute("SELECT count(*) FROM indication").fetchone()[0] == attendu > 0
    finally:
        con.close()
    (dossier / "total_publie.parquet").unlink()
    with pytest.raises(FileNotFoundError, match="total_publie"):
        db.restaurer(dossier, path)


def test_a_backup_older_than_the_scdl_columns_restores_them_from_data_seed(
    base_avec_import, tmp_path
):
    """A programme.parquet written before the granting-body columns existed: its rows come
    back by name, the new columns from data/seed; the imports are all kept."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    dossier = tmp_path / "sauvegarde"
    db.sauvegarder(dossier, path)
    con = db.connect(path)
    try:
        # the older layout: without the five columns, and not in the table's order
        con.execute(
            "COPY (SELECT notes, programme_id, nom, ordre, enveloppe_eur, operateur, "
            "date_lancement, nb_vagues_annoncees, est_synthetique, source_url FROM programme) "
            f"TO '{dossier / 'programme.parquet'}' (FORMAT parquet)"
        )
    finally:
        con.close()
    db.restaurer(dossier, path)
    assert nb_lots(path) == 2
    con = db.connect(path)
    try:
        lignes = con.execute(
            "SELECT programme_id, enveloppe_eur, attribuant_siret, notification_ue, notes "
            "FROM programme ORDER BY ordre"
        ).fetchall()
    finally:
        con.close()
    assert [(r[0], float(r[1]), r[2], r[3]) for r in lignes] == [
        ("TID", 30_000_000.0, "18002002600019", False),
        ("DIAT", 40_000_000.0, "18002002600019", False),
    ]
    assert lignes[0][4].startswith("Appel à projets France 2030")
