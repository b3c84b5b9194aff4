-- grain: one row per type_territoire of the reference table (types without a laureate kept, with
-- 0 projects), for the filtered projects; used by: vues/territoires.py, tests/test_cartes.py.
-- Amounts are published attributions only: NULL = laureates but none published; 0 = no laureate.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme)
),
par_type AS (
    SELECT
        p.type_territoire,
        count(*) AS nb_projets,
        count(p.montant_attribue_eur) AS nb_projets_attribution_publiee,
        sum(p.montant_attribue_eur) AS montant_attribue_eur,
        max(p.montant_attribue_eur) AS montant_max_projet_eur
    FROM p
    GROUP BY p.type_territoire
)
SELECT
    t.type_territoire,
    t.libelle,
    coalesce(pt.nb_projets, 0) AS nb_projets,
    coalesce(pt.nb_projets_attribution_publiee, 0) AS nb_projets_attribution_publiee,
    CASE WHEN pt.nb_projets IS NULL THEN 0 ELSE pt.montant_attribue_eur END
        AS montant_attribue_eur,
    pt.montant_max_projet_eur,
    pt.montant_max_projet_eur / nullif(pt.montant_attribue_eur, 0) AS part_max_projet_pct
FROM type_territoire AS t
LEFT JOIN par_type AS pt USING (type_territoire)
ORDER BY t.ordre;
