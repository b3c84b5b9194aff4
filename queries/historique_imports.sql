-- grain: one row per import batch (import_lot), newest first, with the number of ledger rows
-- (mouvement) it brought; used by: pages/vues/methode.py.
SELECT
    l.import_id,
    l.date_import AS horodatage_import,
    l.nom_fichier,
    -- 12 hex digits are enough to tell batches apart on screen; the full hash stays in the base
    left(l.sha256, 12) AS sha256_court,
    l.nb_lignes,
    l.auteur,
    l.statut,
    l.message,
    count(m.mouvement_id) AS nb_mouvements
FROM import_lot AS l
LEFT JOIN mouvement AS m USING (import_id)
GROUP BY ALL
ORDER BY l.date_import DESC, l.import_id DESC;
