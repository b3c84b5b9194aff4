-- grain: one row per ledger event among $mouvement_ids (rows a file cites by number);
-- used by: tid/ingest.py
SELECT
    m.*,
    EXISTS (SELECT 1 FROM mouvement AS r WHERE r.annule_mouvement_id = m.mouvement_id)
        AS est_annule
FROM mouvement AS m
WHERE list_contains($mouvement_ids, m.mouvement_id);
