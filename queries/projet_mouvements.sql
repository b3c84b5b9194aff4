-- grain: one row per ledger event of one project ($projet_id), oldest first; used by:
-- vues/projets.py (project sheet)
SELECT
    m.mouvement_id,
    m.nature,
    m.date_mouvement,
    m.montant_eur,
    m.montant_signe_eur,
    m.annule_mouvement_id,
    m.import_id,
    m.source_url,
    m.notes
FROM mouvement_net AS m
WHERE m.projet_id = $projet_id
ORDER BY m.date_mouvement NULLS LAST, m.mouvement_id;
