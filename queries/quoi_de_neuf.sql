-- grain: one row per change to the data known after $depuis (and by $au when given: « Situation
-- au ») — a ledger row (amount, convention, payment, reversal), a laureate announced or changed,
-- an import batch or its revert — for the filtered projects (batches: always), newest first;
-- used by: pages/quoi-de-neuf.py. The day a change became known is the one « Situation au »
-- uses (mouvement_connu, 03_vues.sql; data/README.md « Situation au »). At most $limite rows
-- (NULL: all), each with nb_changements, the count of every change before the limit.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
),
registre AS (
    SELECT
        m.connu_le AS date_evenement,
        CASE
            WHEN m.annule_mouvement_id IS NOT NULL AND o.annule_mouvement_id IS NOT NULL
                THEN 'annulation_reprise'
            WHEN m.annule_mouvement_id IS NOT NULL AND l.statut = 'annulation' THEN 'annule_par_lot'
            WHEN m.annule_mouvement_id IS NOT NULL THEN 'correction'
            WHEN m.nature = 'attribution' AND EXISTS (
                SELECT 1 FROM mouvement AS a
                WHERE a.projet_id = m.projet_id AND a.nature = 'attribution'
                  AND a.mouvement_id < m.mouvement_id AND a.annule_mouvement_id IS NULL
            ) THEN 'montant_corrige'
            WHEN m.nature = 'attribution' THEN 'montant_attribue'
            ELSE m.nature
        END AS evenement,
        m.projet_id,
        p.porteur,
        p.vague_id,
        m.nature,
        m.date_mouvement,
        m.montant_eur,
        m.mouvement_id,
        m.annule_mouvement_id,
        m.import_id,
        l.annule_import_id,
        NULL AS nom_fichier,
        m.source_url,
        m.notes
    FROM mouvement_connu(NULL, $date_extraction) AS m
    JOIN p USING (projet_id)
    JOIN import_lot AS l ON l.import_id = m.import_id
    LEFT JOIN mouvement AS o ON o.mouvement_id = m.annule_mouvement_id
),
ecritures AS (
    -- the first write of an imported laureate, and every later change or withdrawal
    SELECT projet_id, historique_import_id, action, date_action::DATE AS jour FROM projet_historique
),
laureats AS (
    SELECT
        CASE WHEN e.projet_id IS NULL
            THEN coalesce(p.date_annonce, v.date_resultats, $date_extraction)
            ELSE greatest(e.jour, p.date_annonce) END AS date_evenement,
        'nouveau_laureat' AS evenement,
        p.projet_id, p.porteur, p.vague_id, NULL AS nature, p.date_annonce AS date_mouvement,
        NULL::DECIMAL(14, 2) AS montant_eur, NULL::INTEGER AS mouvement_id,
        NULL::INTEGER AS annule_mouvement_id, coalesce(e.historique_import_id, 1) AS import_id,
        NULL::INTEGER AS annule_import_id, NULL AS nom_fichier, p.source_url, p.notes
    FROM p
    JOIN vague AS v USING (vague_id)
    LEFT JOIN ecritures AS e ON e.projet_id = p.projet_id AND e.action = 'ajout'
    UNION ALL
    SELECT
        e.jour, CASE e.action WHEN 'retrait' THEN 'laureat_retire' ELSE 'laureat_modifie' END,
        p.projet_id, p.porteur, p.vague_id, NULL, NULL, NULL, NULL, NULL, e.historique_import_id,
        NULL, NULL, p.source_url, NULL
    FROM ecritures AS e
    JOIN p USING (projet_id)
    WHERE e.action <> 'ajout'
),
lots AS (
    SELECT
        l.date_import::DATE,
        CASE l.statut WHEN 'annulation' THEN 'annulation_lot' ELSE 'import' END,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, l.import_id, l.annule_import_id,
        l.nom_fichier, NULL, l.message
    FROM import_lot AS l
    WHERE l.import_id <> $lot_initial
)
SELECT *, count(*) OVER () AS nb_changements
FROM (
    SELECT * FROM registre
    UNION ALL
    SELECT * FROM laureats
    UNION ALL
    SELECT * FROM lots
) AS e
WHERE e.date_evenement > $depuis AND ($au IS NULL OR e.date_evenement <= $au)
ORDER BY e.date_evenement DESC, e.import_id DESC, e.mouvement_id NULLS FIRST, e.projet_id
LIMIT $limite;
