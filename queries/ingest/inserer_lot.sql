-- grain: inserts one import batch; used by: tid/ingest (apply and revert)
INSERT INTO import_lot (import_id, date_import, nom_fichier, sha256, nb_lignes, auteur, statut,
                        annule_import_id, message)
VALUES ($import_id, $date_import, $nom_fichier, $sha256, $nb_lignes, $auteur, $statut,
        $annule_import_id, $message);
