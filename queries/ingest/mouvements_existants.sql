-- grain: one row per ledger event of the projects among $ids or numbered among $mouvement_ids
-- (rows a file cites by number), with its signed amount, whether it counts, whether an active
-- reversal cancels it and whether any row already names it; an empty list selects nothing;
-- used by: tid/ingest (duplicates, order of dates, reversals, cited rows)
SELECT
    m.*,
    EXISTS (SELECT 1 FROM mouvement AS r WHERE r.annule_mouvement_id = m.mouvement_id)
        AS a_une_inversion
FROM mouvement_net AS m
WHERE list_contains($ids, m.projet_id) OR list_contains($mouvement_ids, m.mouvement_id);
