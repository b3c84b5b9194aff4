-- grain: one row per project (the money chain), recomputed from the ledger; used by:
-- tid/db.py (end of every write, before publishing)
CREATE OR REPLACE TABLE projet_montants AS SELECT * FROM projet_montants_calcul;
