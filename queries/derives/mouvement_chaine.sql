-- grain: one row per ledger row in a reversal chain (mouvement_chaine_calcul in 03_vues.sql);
-- used by: tid/db.py (end of every write, before projet_enrichi, which reads it through
-- mouvement_net: the derived tables refresh in name order)
CREATE OR REPLACE TABLE mouvement_chaine AS SELECT * FROM mouvement_chaine_calcul;
