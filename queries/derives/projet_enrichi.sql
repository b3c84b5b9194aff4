-- grain: one row per project (its columns, money chain, themes, display orders), recomputed
-- from the other tables and the ledger; used by: tid/db.py (end of every write, before publishing)
CREATE OR REPLACE TABLE projet_enrichi AS SELECT * FROM projet_enrichi_calcul;
