-- grain: one row per wave in the programme/wave scope: calendar, applications and the funnel
-- applications -> laureates -> conventions for the filtered projects; used by: pages/vagues.py
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
),
par_vague AS (
    SELECT p.vague_id,
           count(*) AS nb_projets,
           count(*) FILTER (WHERE p.nb_conventions > 0) AS nb_projets_conventionnes,
           min(p.date_convention) AS date_premiere_convention,
           max(p.date_convention) AS date_derniere_convention
    FROM p
    GROUP BY p.vague_id
)
SELECT
    v.vague_id,
    v.programme_id,
    v.vague_libelle,
    v.date_ouverture,
    v.date_cloture_annoncee,
    v.date_cloture_effective,
    v.date_resultats,
    date_diff('day', v.date_cloture_annoncee, v.date_cloture_effective) AS report_cloture_jours,
    v.nb_candidatures,
    v.nb_laureats_publie,
    coalesce(pv.nb_projets, 0) AS nb_projets,
    coalesce(pv.nb_projets_conventionnes, 0) AS nb_projets_conventionnes,
    pv.date_premiere_convention,
    pv.date_derniere_convention,
    v.nb_laureats_publie / v.nb_candidatures AS taux_selection_pct,
    v.notes,
    v.source_url
FROM vagues_filtrees($programme, $vague) AS v
LEFT JOIN par_vague AS pv USING (vague_id)
ORDER BY (SELECT pr.ordre FROM programme AS pr WHERE pr.programme_id = v.programme_id), v.numero;
