-- grain: one row per ledger event of one project ($projet_id), oldest first, with what it does
-- to the totals in words (a correction shows three rows: the reader must see which counts);
-- used by: pages/projets.py (project sheet); $au (« Situation au », NULL = now): the rows known
-- then, their reversals replayed on those rows only
SELECT
    m.mouvement_id,
    m.nature,
    m.date_mouvement,
    m.montant_eur,
    m.montant_signe_eur,
    m.annule_mouvement_id,
    m.import_id,
    m.source_url,
    m.notes,
    CASE
        WHEN m.annule_mouvement_id IS NULL AND m.est_effectif THEN 'compté'
        WHEN m.annule_mouvement_id IS NULL THEN 'annulé par le n° ' || r.mouvement_id
        WHEN NOT m.est_annule THEN 'annule le n° ' || m.annule_mouvement_id
        ELSE 'annule le n° ' || m.annule_mouvement_id || ', annulation reprise par le n° '
            || r.mouvement_id
    END AS statut_libelle
FROM mouvements_nets($au) AS m
-- at most one row reverses another (queries/controles/annulation_incoherente.sql)
LEFT JOIN mouvements_nets($au) AS r ON r.annule_mouvement_id = m.mouvement_id
WHERE m.projet_id = $projet_id
ORDER BY m.date_mouvement NULLS LAST, m.mouvement_id;
