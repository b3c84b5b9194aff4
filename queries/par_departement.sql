-- grain: one row per département, all 101 (those without a laureate kept, with 0 projects), for
-- the filtered projects; used by: vues/territoires.py, tests/test_cartes.py. Amounts are
-- published attributions only: NULL = laureates but none published; 0 = no laureate.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme)
),
par_departement AS (
    SELECT
        p.departement_code,
        count(*) AS nb_projets,
        count(p.montant_attribue_eur) AS nb_projets_attribution_publiee,
        sum(p.montant_attribue_eur) AS montant_attribue_eur,
        max(p.montant_attribue_eur) AS montant_max_projet_eur
    FROM p
    GROUP BY p.departement_code
),
lignes AS (
    SELECT
        d.departement_code,
        d.nom,
        d.region_code,
        r.nom AS region_nom,
        r.est_outre_mer,
        d.population,
        d.annee_population,
        coalesce(pd.nb_projets, 0) AS nb_projets,
        coalesce(pd.nb_projets_attribution_publiee, 0) AS nb_projets_attribution_publiee,
        CASE WHEN pd.nb_projets IS NULL THEN 0 ELSE pd.montant_attribue_eur END
            AS montant_attribue_eur,
        pd.montant_max_projet_eur
    FROM departement AS d
    JOIN region AS r USING (region_code)
    LEFT JOIN par_departement AS pd USING (departement_code)
)
SELECT
    *,
    montant_attribue_eur / population AS eur_par_habitant,
    montant_max_projet_eur / nullif(montant_attribue_eur, 0) AS part_max_projet_pct
FROM lignes
ORDER BY nom COLLATE fr;
