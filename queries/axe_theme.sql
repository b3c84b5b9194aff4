-- grain: one row per (axis, theme, project) of the filtered projects when $avec_projets (the
-- leaves of the axis -> theme -> project sunburst, nb_projets = 1), else one row per (axis,
-- theme) with its number of projects (for large scopes); a multi-theme project counts under
-- each theme; used by: pages/axes-et-themes.py
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
)
SELECT
    coalesce('Axe ' || a.axe_code, 'Axe non publié') AS axe_libelle,
    t.libelle AS theme_libelle,
    CASE WHEN $avec_projets THEN p.projet_id END AS projet_id,
    CASE WHEN $avec_projets THEN coalesce(p.nom_projet, p.porteur) END AS projet_libelle,
    CASE WHEN $avec_projets THEN p.montant_attribue_eur END AS montant_attribue_eur,
    count(*) AS nb_projets
FROM p
-- one row per (project, theme), from the codes stored on each project
CROSS JOIN unnest(p.theme_codes) AS pt(theme_code)
JOIN theme AS t ON t.theme_code = pt.theme_code
LEFT JOIN axe AS a ON a.axe_code = p.axe_code
GROUP BY ALL
ORDER BY axe_libelle, min(t.ordre), projet_libelle COLLATE fr;
