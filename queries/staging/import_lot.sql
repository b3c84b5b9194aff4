-- grain: one row, the seed import batch; used by: tid/db.py (build) (before the ledger rows that cite it)
INSERT INTO import_lot (import_id, date_import, nom_fichier, sha256, nb_lignes, auteur, statut, message)
VALUES ($import_id, $date_import, $nom_fichier, $sha256, $nb_lignes, $auteur, 'applique', $message);
