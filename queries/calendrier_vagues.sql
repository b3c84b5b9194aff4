-- grain: one row per (wave, milestone) with a known date; est_effectif = false for an announced
-- date, true for what happened; used by: pages/vagues.py (timeline and its table)
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
),
conventions AS (
    SELECT p.vague_id, m.date_mouvement, count(*) AS nb
    FROM p JOIN mouvements_nets($au) AS m USING (projet_id)
    WHERE m.nature = 'convention' AND m.annule_mouvement_id IS NULL
      AND m.date_mouvement IS NOT NULL
    GROUP BY p.vague_id, m.date_mouvement
),
jalons AS (
    SELECT vague_id, 1 AS ordre, 'Ouverture' AS jalon, date_ouverture AS date_jalon,
           true AS est_effectif, NULL::BIGINT AS nb_projets
    FROM vague
    UNION ALL
    SELECT vague_id, 2, 'Clôture annoncée', date_cloture_annoncee, false, NULL FROM vague
    UNION ALL
    SELECT vague_id, 3, 'Clôture effective', date_cloture_effective, true, NULL FROM vague
    UNION ALL
    SELECT vague_id, 4, 'Résultats publiés', date_resultats, true, NULL FROM vague
    UNION ALL
    SELECT vague_id, 5, 'Convention(s) signée(s)', date_mouvement, true, nb FROM conventions
)
SELECT
    j.vague_id,
    v.vague_libelle,
    j.ordre,
    j.jalon,
    j.date_jalon,
    j.est_effectif,
    j.nb_projets
FROM jalons AS j
JOIN vagues_filtrees($programme, $vague) AS v USING (vague_id)
WHERE j.date_jalon IS NOT NULL
  -- « Situation au » $au: what had happened by then (announced dates stay: they were known)
  AND ($au IS NULL OR NOT j.est_effectif OR j.date_jalon <= $au)
ORDER BY (SELECT pr.ordre FROM programme AS pr WHERE pr.programme_id = v.programme_id), v.numero,
         j.date_jalon, j.ordre;
