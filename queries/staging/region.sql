-- grain: one row per région; source: data/seed/region.csv (INSEE COG); used by: tid/db.py (build)
INSERT INTO region BY NAME
SELECT
    region_code,
    nom,
    chef_lieu,
    CAST(population AS INTEGER) AS population,
    CAST(annee_population AS INTEGER) AS annee_population,
    CAST(superficie_km2 AS DOUBLE) AS superficie_km2,
    CAST(est_outre_mer AS BOOLEAN) AS est_outre_mer,
    source_url
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
