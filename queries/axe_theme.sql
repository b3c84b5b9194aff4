-- grain: one row per (axis, theme) with its number of filtered projects (a multi-theme project
-- counts under each theme): the sunburst without project leaves, for large scopes; used by:
-- vues/axes_themes.py
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme)
)
SELECT
    coalesce('Axe ' || a.axe_code, 'Axe non publié') AS axe_libelle,
    t.libelle AS theme_libelle,
    count(*) AS nb_projets
FROM p
-- one row per (project, theme), from the codes stored on each project
CROSS JOIN unnest(p.theme_codes) AS pt(theme_code)
JOIN theme AS t ON t.theme_code = pt.theme_code
LEFT JOIN axe AS a ON a.axe_code = p.axe_code
GROUP BY ALL
ORDER BY axe_libelle, min(t.ordre);
