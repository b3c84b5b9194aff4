-- grain: one row per (axis, territory type), every pair present (zeros included), axis NULL
-- shown as « Axe non publié »; used by: pages/axes-et-themes.py (heatmap and its table)
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
),
axes AS (
    SELECT axe_code, 'Axe ' || axe_code AS axe_libelle, axe_code AS tri FROM axe
    UNION ALL
    SELECT NULL, 'Axe non publié', 'z'
)
SELECT
    a.axe_code,
    a.axe_libelle,
    tt.type_territoire AS type_territoire_code,
    tt.libelle AS type_territoire_libelle,
    count(p.projet_id) AS nb_projets,
    count(p.montant_attribue_eur) AS nb_projets_attribution_publiee,
    sum(p.montant_attribue_eur) AS montant_attribue_eur
FROM axes AS a
CROSS JOIN type_territoire AS tt
LEFT JOIN p ON p.axe_code IS NOT DISTINCT FROM a.axe_code AND p.type_territoire = tt.type_territoire
GROUP BY a.axe_code, a.axe_libelle, a.tri, tt.type_territoire, tt.libelle, tt.ordre
ORDER BY a.tri, tt.ordre;
