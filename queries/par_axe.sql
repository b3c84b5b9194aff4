-- grain: one row per axis, plus one « Axe non publié » row when projects have none;
-- used by: vues/axes_themes.py, tests/pages (reconciliation across pages)
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme)
),
categories AS (
    SELECT axe_code, 'Axe ' || axe_code || ' – ' || libelle AS libelle, axe_code AS tri FROM axe
    UNION ALL
    SELECT NULL, 'Axe non publié', 'z'
)
SELECT
    c.axe_code,
    c.libelle,
    count(p.projet_id) AS nb_projets,
    count(p.montant_attribue_eur) AS nb_projets_attribution_publiee,
    sum(p.montant_attribue_eur) AS montant_attribue_eur,
    max(p.montant_attribue_eur) / nullif(sum(p.montant_attribue_eur), 0) AS part_max_projet_pct
FROM categories AS c
LEFT JOIN p ON p.axe_code IS NOT DISTINCT FROM c.axe_code
GROUP BY c.axe_code, c.libelle, c.tri
HAVING c.axe_code IS NOT NULL OR count(p.projet_id) > 0
ORDER BY c.tri;
