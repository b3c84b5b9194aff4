-- grain: one row per département (INSEE COG); used by: tid/__main__.py (export --format
-- datapackage, resource « departement »).
SELECT departement_code, nom, region_code, chef_lieu, population, annee_population,
       superficie_km2, source_url
FROM departement
ORDER BY departement_code;
