-- grain: one row per région (INSEE COG); used by: tid/__main__.py (export --format datapackage,
-- resource « region »).
SELECT region_code, nom, chef_lieu, population, annee_population, superficie_km2,
       est_outre_mer, source_url
FROM region
ORDER BY region_code;
