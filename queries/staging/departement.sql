-- grain: one row per département; source: data/seed/departement.csv (INSEE COG); used by: tid/db.py (build)
INSERT INTO departement BY NAME
SELECT
    departement_code,
    nom,
    region_code,
    chef_lieu,
    CAST(population AS INTEGER) AS population,
    CAST(annee_population AS INTEGER) AS annee_population,
    CAST(superficie_km2 AS DOUBLE) AS superficie_km2,
    source_url
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
