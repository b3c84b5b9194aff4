-- grain: one row per (project, theme) of the filtered projects, with its axis: the leaves of the
-- axis -> theme -> project sunburst; used by: vues/axes_themes.py
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme)
)
SELECT
    coalesce('Axe ' || a.axe_code, 'Axe non publié') AS axe_libelle,
    t.libelle AS theme_libelle,
    p.projet_id,
    coalesce(p.nom_projet, p.porteur) AS projet_libelle,
    p.montant_attribue_eur
FROM p
-- one row per (project, theme), from the codes stored on each project
CROSS JOIN unnest(p.theme_codes) AS pt(theme_code)
JOIN theme AS t ON t.theme_code = pt.theme_code
LEFT JOIN axe AS a ON a.axe_code = p.axe_code
ORDER BY axe_libelle, t.ordre, projet_libelle COLLATE fr;
