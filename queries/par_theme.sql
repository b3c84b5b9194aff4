-- grain: one row per theme; a project with several themes counts once in each of them, so the
-- rows do not add up to the total; used by: vues/axes_themes.py
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme)
),
-- one row per (filtered project, theme), from the codes stored on each project
themes_projets AS (
    SELECT unnest(theme_codes) AS theme_code, projet_id, montant_attribue_eur FROM p
)
SELECT
    t.theme_code,
    t.libelle,
    count(p.projet_id) AS nb_projets,
    count(p.montant_attribue_eur) AS nb_projets_attribution_publiee,
    sum(p.montant_attribue_eur) AS montant_attribue_eur,
    max(p.montant_attribue_eur) / nullif(sum(p.montant_attribue_eur), 0) AS part_max_projet_pct
FROM theme AS t
LEFT JOIN themes_projets AS p USING (theme_code)
GROUP BY t.theme_code, t.libelle, t.ordre
ORDER BY t.ordre;
