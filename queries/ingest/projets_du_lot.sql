-- grain: one row per project batch $import_id added or changed: the action, the batch that
-- wrote its current version, and its ledger rows from other batches that still count;
-- used by: tid/ingest (revert and its safety checks)
SELECT
    h.projet_id,
    h.action,
    p.import_id AS import_id_actuel,
    (SELECT count(*) FROM mouvement AS m
     WHERE m.projet_id = h.projet_id AND m.import_id <> $import_id
       AND m.annule_mouvement_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM mouvement AS r WHERE r.annule_mouvement_id = m.mouvement_id))
        AS nb_mouvements_autres_lots
FROM projet_historique AS h
LEFT JOIN projet AS p USING (projet_id)
WHERE h.historique_import_id = $import_id
ORDER BY h.projet_id;
