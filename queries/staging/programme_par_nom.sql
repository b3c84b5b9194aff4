-- grain: one row per programme; source: a backup's programme.parquet ($path); used by:
-- tid/db/sauvegarde.py, for a backup older than the SCDL columns (its columns matched by name;
-- the missing ones are then read from data/seed).
INSERT INTO programme BY NAME
SELECT * FROM read_parquet($path);
