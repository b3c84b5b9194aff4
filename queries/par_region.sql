-- grain: one row per région, all 18 (those without a laureate kept, with 0 projects), for the
-- filtered projects; used by: vues/territoires.py, tests/test_cartes.py. Amounts are published
-- attributions only: NULL = laureates but none published; 0 = no laureate, so nothing attributed.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme)
),
par_region AS (
    SELECT
        p.region_code,
        count(*) AS nb_projets,
        count(p.montant_attribue_eur) AS nb_projets_attribution_publiee,
        sum(p.montant_attribue_eur) AS montant_attribue_eur,
        max(p.montant_attribue_eur) AS montant_max_projet_eur
    FROM p
    GROUP BY p.region_code
),
lignes AS (
    SELECT
        r.region_code,
        r.nom,
        r.est_outre_mer,
        r.population,
        r.annee_population,
        coalesce(pr.nb_projets, 0) AS nb_projets,
        coalesce(pr.nb_projets_attribution_publiee, 0) AS nb_projets_attribution_publiee,
        CASE WHEN pr.nb_projets IS NULL THEN 0 ELSE pr.montant_attribue_eur END
            AS montant_attribue_eur,
        pr.montant_max_projet_eur
    FROM region AS r
    LEFT JOIN par_region AS pr USING (region_code)
)
SELECT
    *,
    montant_attribue_eur / population AS eur_par_habitant,
    montant_max_projet_eur / nullif(montant_attribue_eur, 0) AS part_max_projet_pct
FROM lignes
ORDER BY nom COLLATE fr;
