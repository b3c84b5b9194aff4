-- grain: one row per value of $par ('axe', 'theme', 'type_porteur', 'type_territoire', 'region',
-- 'departement') for the filtered projects, every value of its reference table kept (0 projects)
-- plus « Axe non publié » when projects have no axis; used by: pages/axes-et-themes.py,
-- pages/territoires.py (bars, map and tables), tests/test_reconciliation.py. A project with
-- several themes counts once in each, so theme rows do not add up to the total. Amounts are
-- published attributions only: NULL = laureates but none published; 0 = no laureate.
-- Territories carry their population (€ per inhabitant) and a département its région.
-- only the columns read: p is scanned twice (keys, themes), so DuckDB materialises it
WITH p AS (
    SELECT axe_code, type_porteur, type_territoire, region_code, departement_code, theme_codes,
           montant_attribue_eur
    FROM projets_filtres($programme, $vague, $region, $departement,
                         $type_territoire, $type_porteur, $axe, $theme,
                         $au)
),
-- one row per (filtered project, value of $par): the key is a column, or each theme carried
cles AS (
    SELECT
        CASE $par
            WHEN 'axe' THEN p.axe_code
            WHEN 'type_porteur' THEN p.type_porteur
            WHEN 'type_territoire' THEN p.type_territoire
            WHEN 'region' THEN p.region_code
            WHEN 'departement' THEN p.departement_code
        END AS code,
        p.montant_attribue_eur
    FROM p
    WHERE $par <> 'theme'
    UNION ALL
    SELECT unnest(p.theme_codes), p.montant_attribue_eur FROM p WHERE $par = 'theme'
),
agregats AS (
    SELECT
        code,
        count(*) AS nb_projets,
        count(montant_attribue_eur) AS nb_projets_attribution_publiee,
        sum(montant_attribue_eur) AS montant_attribue_eur,
        max(montant_attribue_eur) AS montant_max_projet_eur
    FROM cles
    GROUP BY code
),
-- the values of each breakdown with their display rank; only territories have a population
valeurs AS (
    SELECT 'axe' AS par, axe_code AS code, 'Axe ' || axe_code || ' – ' || libelle AS libelle,
           row_number() OVER (ORDER BY axe_code) AS rang,
           NULL AS region_code, NULL AS region_libelle, NULL::BOOLEAN AS est_outre_mer,
           NULL::INTEGER AS population, NULL::INTEGER AS annee_population
    FROM axe
    UNION ALL
    SELECT 'axe', NULL, 'Axe non publié', 1000000, NULL, NULL, NULL, NULL, NULL
    UNION ALL
    SELECT 'theme', theme_code, libelle, ordre, NULL, NULL, NULL, NULL, NULL FROM theme
    UNION ALL
    SELECT 'type_porteur', type_porteur, libelle, ordre, NULL, NULL, NULL, NULL, NULL
    FROM type_porteur
    UNION ALL
    SELECT 'type_territoire', type_territoire, libelle, ordre, NULL, NULL, NULL, NULL, NULL
    FROM type_territoire
    UNION ALL
    SELECT 'region', region_code, nom, row_number() OVER (ORDER BY nom COLLATE fr),
           region_code, nom, est_outre_mer, population, annee_population
    FROM region
    UNION ALL
    SELECT 'departement', d.departement_code, d.nom, row_number() OVER (ORDER BY d.nom COLLATE fr),
           d.region_code, r.nom, r.est_outre_mer, d.population, d.annee_population
    FROM departement AS d
    JOIN region AS r USING (region_code)
)
SELECT
    v.code,
    v.libelle,
    coalesce(a.nb_projets, 0) AS nb_projets,
    coalesce(a.nb_projets_attribution_publiee, 0) AS nb_projets_attribution_publiee,
    CASE WHEN a.nb_projets IS NULL THEN 0 ELSE a.montant_attribue_eur END AS montant_attribue_eur,
    a.montant_max_projet_eur,
    a.montant_max_projet_eur / nullif(a.montant_attribue_eur, 0) AS part_max_projet_pct,
    v.region_code,
    v.region_libelle,
    v.est_outre_mer,
    v.population,
    v.annee_population,
    CASE WHEN a.nb_projets IS NULL THEN 0 ELSE a.montant_attribue_eur END / v.population
        AS montant_par_habitant_eur
FROM valeurs AS v
LEFT JOIN agregats AS a ON a.code IS NOT DISTINCT FROM v.code
-- an unknown $par is an error, not an empty breakdown (the list spelled out: reading it from
-- valeurs made that CTE materialised, +5 ms a call on 100 000 projects)
WHERE v.par = CASE
        WHEN $par IN ('axe', 'theme', 'type_porteur', 'type_territoire', 'region', 'departement')
            THEN $par
        ELSE error('par inconnu : ' || $par)
    END
  AND (v.code IS NOT NULL OR a.nb_projets > 0)
ORDER BY v.rang;
