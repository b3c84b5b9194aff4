-- grain: one row per ledger event of the projects among $ids, with whether a later row reverses
-- it; used by: tid/ingest.py (duplicates, order of dates, reversals)
SELECT
    m.*,
    EXISTS (SELECT 1 FROM mouvement AS r WHERE r.annule_mouvement_id = m.mouvement_id)
        AS est_annule
FROM mouvement AS m
WHERE list_contains($ids, m.projet_id);
