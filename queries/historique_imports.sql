-- grain: one row per import batch (import_lot), newest first, with the number of ledger rows
-- it brought, its projects written, and its state: 'annule' once a later batch reverted it;
-- used by: pages/methode.py, pages/donnees.py.
SELECT
    l.import_id,
    l.date_import AS horodatage_import,
    l.nom_fichier,
    -- 12 hex digits are enough to tell batches apart on screen; the full hash stays in the base
    left(l.sha256, 12) AS sha256_court,
    l.nb_lignes,
    l.auteur,
    CASE
        WHEN EXISTS (SELECT 1 FROM import_lot AS a WHERE a.annule_import_id = l.import_id)
            THEN 'annule'
        ELSE l.statut
    END AS statut,
    l.annule_import_id,
    l.message,
    (SELECT count(*) FROM mouvement AS m WHERE m.import_id = l.import_id) AS nb_mouvements,
    (SELECT count(*) FROM projet_historique AS h WHERE h.historique_import_id = l.import_id)
        AS nb_projets
FROM import_lot AS l
ORDER BY l.date_import DESC, l.import_id DESC;
