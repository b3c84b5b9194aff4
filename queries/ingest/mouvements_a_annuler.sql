-- grain: one reversing row per ledger event of batch $import_id not reversed yet, numbered from
-- $premier_id; used by: tid/ingest (revert adds these rows, deletes nothing)
SELECT
    ($premier_id + row_number() OVER (ORDER BY m.mouvement_id) - 1)::INTEGER AS mouvement_id,
    m.projet_id,
    m.nature,
    m.date_mouvement,
    m.montant_eur,
    m.mouvement_id AS annule_mouvement_id,
    m.source_url,
    'Annulation du lot ' || $import_id || ' (mouvement ' || m.mouvement_id || ')' AS notes,
    $nouvel_import_id AS import_id
FROM mouvement AS m
WHERE m.import_id = $import_id
  AND NOT EXISTS (SELECT 1 FROM mouvement AS r WHERE r.annule_mouvement_id = m.mouvement_id)
ORDER BY m.mouvement_id;
