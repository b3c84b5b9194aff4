-- grain: one row per distinct source (one URL of a source_url field) and table citing it, with
-- the objects it supports; used by: pages/methode.py, tid/__main__.py (export --format
-- datapackage: resource « source » and the descriptor's sources). A source_url field may hold
-- several URLs separated by spaces: each one is a source of its own. `objets` lists the first 10
-- objects by key (the page shows 5), `nb_objets` counts them all: at 1 000 000 ledger rows,
-- building every label took 2.7 s and a 50 MB list (bench/analyse.md).
-- Stored at write time (sources_citees_calcul in queries/schema/03_vues.sql).
SELECT * FROM sources_citees
ORDER BY domaine, source_url, table_ordre;
