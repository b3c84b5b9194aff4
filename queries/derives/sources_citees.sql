-- grain: one row per distinct source URL and table citing it (sources_citees_calcul in
-- 03_vues.sql); used by: tid/db.py (end of every write, before publishing)
CREATE OR REPLACE TABLE sources_citees AS SELECT * FROM sources_citees_calcul;
